package io.qodex.app.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up report measures from the start of the process, and only when asked to. */
class StartupReportTest {

    @Test
    void measuresFromTheStartOfThisProcess() {
        Instant jvmStarted = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());

        Duration beforeTheJvm = Duration.between(StartupReport.processStart(), jvmStarted);

        // the process starts shortly before its JVM (the /proc clock ticks are 10 ms)
        assertThat(beforeTheJvm).isBetween(Duration.ofMillis(-30), Duration.ofMillis(500));
    }

    @Test
    void isOffUnlessAFileIsNamed() {
        assertThat(StartupReport.of(Map.of())).isEmpty();
        assertThat(StartupReport.of(Map.of("QODEX_STARTUP_REPORT", " "))).isEmpty();
        assertThat(StartupReport.of(Map.of("QODEX_STARTUP_REPORT", "/tmp/report.txt"))).isPresent();
    }
}
