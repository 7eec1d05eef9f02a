package io.qodex.app.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log folder is created 0700 and every log file, the current one and the rolled ones, 0600. */
class PrivateRollingFileAppenderTest {

    @TempDir
    Path home;

    @Test
    void logFilesArePrivateAcrossARollover() throws IOException {
        Path logs = home.resolve("logs");
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        PrivateRollingFileAppender appender = new PrivateRollingFileAppender();
        appender.setContext(context);
        appender.setFile(logs.resolve("qodex.log").toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(logs.resolve("qodex.%i.log").toString());
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.start();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder);
        appender.start();
        try {
            assertThat(appender.isStarted()).isTrue();
            appender.doAppend(new LoggingEvent("test", context.getLogger("test"), Level.INFO, "before", null, null));
            appender.rollover();
            appender.doAppend(new LoggingEvent("test", context.getLogger("test"), Level.INFO, "after", null, null));
        } finally {
            appender.stop();
        }

        assertThat(Files.readString(logs.resolve("qodex.1.log"))).isEqualTo("before\n");
        assertThat(Files.readString(logs.resolve("qodex.log"))).isEqualTo("after\n");
        assertThat(mode(home)).isEqualTo("rwx------");
        assertThat(mode(logs)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(logs)) {
            assertThat(files.toList()).hasSize(2).allSatisfy(file -> assertThat(mode(file)).isEqualTo("rw-------"));
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
