package io.qodex.app.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.Scene;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up timings of the desktop app, for measurements (docs/benchmarks.md) and the package's smoke test. With
 * {@code QODEX_STARTUP_REPORT=<file>} the app writes the milliseconds from the start of its process to the first
 * pulse after the window is shown ({@code window-painted-ms}) and to the first pulse with the sign-in form shown and
 * its button enabled ({@code sign-in-usable-ms}); with {@code QODEX_EXIT_WHEN_READY=1} it then closes itself.
 */
final class StartupReport {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    private final Path file;
    private final boolean exitWhenReady;
    private final Instant processStart;
    private final StringBuilder lines = new StringBuilder();
    private boolean windowPainted;
    private boolean signInUsable;

    private StartupReport(Path file, boolean exitWhenReady, Instant processStart) {
        this.file = file;
        this.exitWhenReady = exitWhenReady;
        this.processStart = processStart;
    }

    /** A report when {@code QODEX_STARTUP_REPORT} names a file; else none (nothing is measured). */
    static Optional<StartupReport> of(Map<String, String> environment) {
        String target = environment.getOrDefault("QODEX_STARTUP_REPORT", "");
        if (target.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new StartupReport(Paths.get(target), "1".equals(environment.get("QODEX_EXIT_WHEN_READY")),
                processStart()));
    }

    /** Call right after {@code stage.show()}: the next pulse is the first frame of the window. */
    void windowShown(Scene scene) {
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            scene.removePostLayoutPulseListener(listener[0]);
            if (!windowPainted) {
                windowPainted = true;
                record("window-painted-ms");
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }

    /** Call when the sign-in screen is put on the scene; {@code exit} closes the app when asked to exit when ready. */
    void signInShown(Scene scene, Runnable exit) {
        if (signInUsable) {
            return; // measured once (signing out shows the form again)
        }
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            Node submit = scene.lookup("#signin-submit");
            if (signInUsable || submit == null || submit.isDisabled() || !submit.isVisible()) {
                return;
            }
            signInUsable = true;
            scene.removePostLayoutPulseListener(listener[0]);
            record("sign-in-usable-ms");
            if (exitWhenReady) {
                javafx.application.Platform.runLater(exit);
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }

    private void record(String name) {
        long millis = Instant.now().toEpochMilli() - processStart.toEpochMilli();
        lines.append(name).append('=').append(millis).append('\n');
        try {
            Files.writeString(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Could not write the start-up report {}: {}", file, e.getMessage());
        }
    }

    /**
     * When this process started. On Linux from {@code /proc} (10 ms ticks since boot against the uptime clock):
     * {@code ProcessHandle.info().startInstant()} adds the boot time in whole seconds, which put it up to a second
     * early on the machines measured.
     */
    static Instant processStart() {
        try {
            String stat = Files.readString(Paths.get("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[19]); // field 22 (starttime), in clock ticks of 1/100 s
            double uptime = Double.parseDouble(Files.readString(Paths.get("/proc/uptime")).split(" ")[0]);
            return Instant.now().minusMillis(Math.round((uptime - startTicks / 100.0) * 1000));
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
        }
    }
}
