package dev.brook.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConsoleLoggingTest {
    private static final String COMPOSITE_REGISTRY = "io.micrometer.core.instrument.composite.CompositeMeterRegistry";

    @Test
    void theLayoutWritesTheLinesOfLogbackXml() {
        LoggerContext context = new LoggerContext();
        ch.qos.logback.classic.Logger logger = context.getLogger("dev.brook.server.BrookServer");
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.INFO, "Brook listening on {}", null,
                new Object[] {"127.0.0.1:7092"});
        String line = new ConsoleLogging.Line().doLayout(event);
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  BrookServer"
                + " {14}Brook listening on 127\\.0\\.0\\.1:7092\\R");
    }

    @Test
    void theLayoutAppendsTheStackTrace() {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("x.Y"), Level.ERROR, "failed",
                new IllegalStateException("broken"), null);
        assertThat(new ConsoleLogging.Line().doLayout(event))
                .contains("ERROR Y ").contains("java.lang.IllegalStateException: broken").contains("\tat ");
    }

    @Test
    void configureSetsTheLevelsOfLogbackXml() throws Exception {
        LoggerContext context = new LoggerContext();
        ConsoleLogging configurator = new ConsoleLogging();
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger("ROOT").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("dev.brook.client").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("dev.brook.shaded.org.apache.kafka").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger(COMPOSITE_REGISTRY).getLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("ROOT").getAppender("CONSOLE")).isNotNull();
        // The same as the XML (not in the jar, so that embedders keep their own) that
        // -Dlogback.configurationFile users start from.
        String xml = Files.readString(Path.of("src/dist/logback.xml"));
        assertThat(xml).contains("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %-24logger{0} %msg%n")
                .contains("<logger name=\"dev.brook.client\" level=\"WARN\"/>").contains("<root level=\"INFO\">")
                .contains("<logger name=\"" + COMPOSITE_REGISTRY + "\" level=\"ERROR\"/>");
    }

    @Test
    void configureStepsAsideForAConfigurationFile() {
        String before = System.getProperty(ConsoleLogging.CONFIGURATION_FILE_PROPERTY);
        System.setProperty(ConsoleLogging.CONFIGURATION_FILE_PROPERTY, "/somewhere/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            ConsoleLogging configurator = new ConsoleLogging();
            configurator.setContext(context);
            assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger("ROOT").getAppender("CONSOLE")).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(ConsoleLogging.CONFIGURATION_FILE_PROPERTY);
            } else {
                System.setProperty(ConsoleLogging.CONFIGURATION_FILE_PROPERTY, before);
            }
        }
    }
}
