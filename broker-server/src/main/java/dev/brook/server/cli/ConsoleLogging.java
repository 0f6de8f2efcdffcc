package dev.brook.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The runnable jar's logging, set up in code: the lines of {@code logback.xml} (time, level,
 * logger, message on standard error; {@code dev.brook.client} at WARN, the rest at INFO) without
 * parsing XML, which took a quarter of a second of the broker's start. Registered as a logback
 * {@link Configurator} service only inside {@code brook.jar} (the shade plugin adds the service
 * file), so an application that embeds Brook keeps its own logging configuration; and it steps
 * aside when {@code -Dlogback.configurationFile} names one.
 *
 * <p>Thread-safe: logback calls {@link #configure} once; the layout is stateless.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    /** The system property that names a logback configuration file instead. */
    static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIGURATION_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Line layout = new Line();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        // The client's routine messages (partitions assigned, positions reset) are noise in a tool.
        context.getLogger("dev.brook.client").setLevel(Level.WARN);
        context.getLogger("dev.brook.shaded.org.apache.kafka").setLevel(Level.WARN);
        context.getLogger("org.apache.kafka").setLevel(Level.WARN);
        // ServerMetrics adds the JMX registry just after the listeners bind, to keep JMX off the
        // start path; Micrometer's one warning about meters that existed before is expected.
        context.getLogger("io.micrometer.core.instrument.composite.CompositeMeterRegistry").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** logback.xml's pattern {@code %d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %-24logger{0} %msg%n}, written out. */
    static final class Line extends LayoutBase<ILoggingEvent> {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

        @Override
        public String doLayout(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(128);
            TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
            line.append(' ');
            pad(line, event.getLevel().toString(), 5);
            line.append(' ');
            String logger = event.getLoggerName();
            pad(line, logger.substring(logger.lastIndexOf('.') + 1), 24);
            line.append(' ').append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
            }
            return line.toString();
        }

        private static void pad(StringBuilder line, String text, int width) {
            line.append(text);
            for (int i = text.length(); i < width; i++) {
                line.append(' ');
            }
        }
    }
}
