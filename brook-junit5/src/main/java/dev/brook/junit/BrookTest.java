package dev.brook.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class with an in-process Brook broker: one for the whole class (the
 * default), or a fresh one for each test ({@link Lifecycle#PER_TEST}). Tests reach it through a
 * {@link BrookBroker} parameter (of a test, lifecycle or constructor method) or field.
 *
 * <pre>{@code
 * @BrookTest
 * class OrderServiceTest {
 *     @Test
 *     void publishesAnEvent(BrookBroker brook) {
 *         Properties props = new Properties();
 *         props.put("bootstrap.servers", brook.kafkaBootstrapServers());
 *         ...
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(BrookExtension.class)
public @interface BrookTest {
    /** How long one broker lives. */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    /**
     * Broker settings as {@code key=value}, with the names of {@code docs/configuration.md}, for
     * example {@code "num.partitions=3"} or {@code "auto.create.topics.enable=false"}. Ports and the
     * data directory are always chosen by the extension. Unlike a standalone broker, a test broker
     * has no HTTP listener and keeps no metrics ({@code http.enabled=false},
     * {@code metrics.enabled=false}) and loads the Kafka listener's classes on its first connection
     * ({@code kafka.warmup=false}); set them here to change that.
     */
    String[] config() default {};

    /** How long one broker lives. */
    enum Lifecycle {
        /** One broker for all the tests of the class, started before the first and stopped after the last. */
        PER_CLASS,
        /** A fresh, empty broker for each test. */
        PER_TEST
    }
}
