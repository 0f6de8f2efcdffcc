package dev.brook.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredProtocolTest {
    private static final SocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 5000);

    /** A protocol whose sessions read nothing; what matters here is when it is built. */
    private static WireProtocol named(String name) {
        return new WireProtocol() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ProtocolSession open(SocketAddress remote) {
                return frame -> {
                    throw new UnsupportedOperationException("not read in this test");
                };
            }
        };
    }

    @Test
    void isNotBuiltUntilItsFirstConnectionAndThenOnlyOnce() {
        AtomicInteger builds = new AtomicInteger();
        DeferredProtocol protocol = new DeferredProtocol("kafka", () -> {
            builds.incrementAndGet();
            return named("kafka");
        });
        assertThat(protocol.name()).isEqualTo("kafka");
        assertThat(protocol.isBuilt()).isFalse();
        assertThat(builds).hasValue(0);

        assertThat(protocol.open(REMOTE)).isNotNull();
        assertThat(protocol.open(REMOTE)).isNotNull();
        assertThat(protocol.isBuilt()).isTrue();
        assertThat(builds).hasValue(1);
    }

    @Test
    void isBuiltOnTheExecutorItIsPreparedOn() throws Exception {
        CompletableFuture<String> builtOn = new CompletableFuture<>();
        DeferredProtocol protocol = new DeferredProtocol("kafka", () -> {
            builtOn.complete(Thread.currentThread().getName());
            return named("kafka");
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "warm-up"));
        try {
            protocol.prepareOn(executor);
            assertThat(builtOn.get(10, TimeUnit.SECONDS)).isEqualTo("warm-up");
            executor.shutdown();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(protocol.isBuilt()).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aFailedBuildRefusesEveryConnectionNamingTheProtocolAndTheCause() {
        AtomicInteger builds = new AtomicInteger();
        DeferredProtocol protocol = new DeferredProtocol("kafka", () -> {
            builds.incrementAndGet();
            throw new NoClassDefFoundError("org/apache/kafka/common/protocol/ApiKeys");
        });
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> protocol.open(REMOTE)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("kafka protocol").hasMessageContaining("ApiKeys")
                    .hasCauseInstanceOf(NoClassDefFoundError.class);
        }
        assertThat(builds).as("a failure is remembered, not retried per connection").hasValue(1);
        assertThat(protocol.isBuilt()).isFalse();
    }
}
