package io.qodex.app.environments;

import io.qodex.app.common.ActiveEnvironment;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.shell.MainView;
import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.environment.VariableDraft;
import io.qodex.domain.project.Project;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.scene.Parent;
import javafx.scene.Scene;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (docs/benchmarks.md, "Environment switch"): switching the active environment in the window with 200 environments in the
 * project. Each sample runs on the FX thread what a click on the switcher does, then the CSS and layout pass the
 * next frame needs, with the environments page open (toolbar, status badge and editor all follow). The choice is
 * persisted off the FX thread. {@code root.applyCss()} restyles every node of the window, changed or not, so a
 * second round times as many switches again with the CSS and layout pass of the pulse that follows instead (what the
 * next frame really does), and a third round repeats the first with the Variables tab open (its rows follow each
 * switch). All print the FX thread's CPU time too: on a shared machine, wall time minus CPU time is time spent
 * waiting for a core. Run: ./mvnw -B verify -Pbench -pl app -am -Dtest=EnvironmentSwitchBenchmark
 */
class EnvironmentSwitchBenchmark {

    private static final String PASSWORD = "marble-octopus-73q";

    @Test
    void switchWith200Environments() throws Exception {
        try (TestDatabase db = TestPostgres.freshDatabase()) {
            Map<String, String> environment = TestBackends.environment(db);
            try (Backend backend = TestBackends.open(environment)) {
                backend.accounts().signUp("bench@example.com", Secret.copyOf(PASSWORD));
                backend.relayMail();
                backend.accounts().verify("bench@example.com", code(environment), io.qodex.domain.common.Secret.copyOf(PASSWORD));
                try (Workspace workspace = backend.signIn("bench@example.com", Secret.copyOf(PASSWORD))) {
                    Project project = workspace.projects().create("Bench", "bench");
                    for (int i = 1; i <= 200; i++) {
                        EnvironmentPreset preset = EnvironmentPreset.values()[i % 5];
                        workspace.environments().saveOrThrow(project, EnvironmentDraft.fromPreset(preset,
                                "env-" + i, "https://env-" + i + ".bench.example", "")
                                .withVariables(List.of(VariableDraft.plain("TENANT", "t" + i),
                                        VariableDraft.plain("PATH_" + i, "${baseUrl}/p/" + i))));
                    }
                }
            }
            FxApp app = FxApp.start(environment, "--open", "/p/bench/environments");
            try {
                app.waitFor(60, "sign-in", () -> app.visible("signin-password"));
                app.type("signin-email", "bench@example.com");
                app.type("signin-password", PASSWORD);
                app.click("signin-submit");
                app.waitFor(120, "200 environments loaded", () -> {
                    MainView main = app.node("main-view");
                    return main != null && main.model().environments().environments().size() == 200
                            && main.model().environments().details(
                                    main.model().environments().environments().get(199).id()).isPresent()
                            && app.visible("env-editor-name");
                });
                MainView main = app.node("main-view");
                ActiveEnvironment active = main.model().environments();
                List<EnvironmentSummary> all = app.onFx(() -> List.copyOf(active.environments()));
                java.util.Random random = new java.util.Random(7);
                Samples forced = forcedRound(app, active, all, random);
                String shown = app.text("env-editor-name");
                Samples frame = new Samples();
                NextFrame nextFrame = new NextFrame(app.onFx(app::scene));
                for (int i = -50; i < Samples.COUNT; i++) {
                    EnvironmentSummary next = all.get(random.nextInt(all.size()));
                    frame.add(i, nextFrame.measure(() -> active.choose(next)));
                    Thread.sleep(5);
                }
                System.out.println("=== EnvironmentSwitchBenchmark (" + Runtime.getRuntime().availableProcessors()
                        + " cores, Java " + System.getProperty("java.version") + ", headless Monocle, software rendering)");
                System.out.printf("switch with 200 environments, click -> toolbar, status badge and editor updated "
                        + "(incl. CSS + layout): p50 %.2f ms, p95 %.2f ms, max %.2f ms (%d switches; last shown %s)%n",
                        forced.total(50), forced.total(95), forced.total(100), Samples.COUNT, shown);
                System.out.printf("  of which: views updated p50 %.2f ms / p95 %.2f ms; CSS p50 %.2f ms / p95 %.2f ms%n",
                        forced.update(50), forced.update(95), forced.css(50), forced.css(95));
                System.out.printf("  FX thread CPU time of the same span: p50 %.2f ms, p95 %.2f ms%n", forced.cpu(50),
                        forced.cpu(95));
                System.out.printf("the same with the next frame's own CSS and layout pass (restyling only what changed): "
                        + "p50 %.2f ms, p95 %.2f ms, max %.2f ms; FX thread CPU time p50 %.2f ms, p95 %.2f ms%n",
                        frame.total(50), frame.total(95), frame.total(100), frame.cpu(50), frame.cpu(95));
                app.fx(() -> ((javafx.scene.control.TabPane) app.node("env-tabs")).getSelectionModel().select(1));
                Samples variablesTab = forcedRound(app, active, all, random);
                System.out.printf("with the Variables tab open, as the first: p50 %.2f ms, p95 %.2f ms, max %.2f ms; "
                        + "FX thread CPU time p50 %.2f ms, p95 %.2f ms%n", variablesTab.total(50), variablesTab.total(95),
                        variablesTab.total(100), variablesTab.cpu(50), variablesTab.cpu(95));
                System.out.printf("  load average at the end %.1f%n",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            } finally {
                app.stop();
            }
        }
    }

    /** 50 warm-up and 300 timed switches, each followed by {@code root.applyCss()} and {@code root.layout()}. */
    private static Samples forcedRound(FxApp app, ActiveEnvironment active, List<EnvironmentSummary> all,
                                       java.util.Random random) throws Exception {
        Samples samples = new Samples();
        for (int i = -50; i < Samples.COUNT; i++) {
            EnvironmentSummary next = all.get(random.nextInt(all.size()));
            long[] took = app.onFx(() -> {
                Parent root = app.scene().getRoot();
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                active.choose(next);
                long updated = System.nanoTime();
                root.applyCss();
                long styled = System.nanoTime();
                root.layout();
                long laidOut = System.nanoTime();
                long cpuEnd = THREADS.getCurrentThreadCpuTime();
                return new long[] {laidOut - start, updated - start, styled - updated, cpuEnd - cpuStart};
            });
            samples.add(i, took);
            Thread.sleep(5);
        }
        return samples;
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** Sorted samples of one way of measuring: total, views updated, CSS (where measured), FX thread CPU time. */
    private static final class Samples {
        static final int COUNT = 300;
        private final long[][] values = new long[4][COUNT];

        /** Index {@code i < 0} is warm-up and not kept. */
        void add(int i, long[] took) {
            if (i >= 0) {
                for (int k = 0; k < took.length; k++) {
                    values[k][i] = took[k];
                }
            }
        }

        private double percentile(int kind, int percent) {
            long[] sorted = values[kind].clone();
            Arrays.sort(sorted);
            return sorted[Math.min(COUNT - 1, COUNT * percent / 100)] / 1e6;
        }

        double total(int percent) {
            return percentile(0, percent);
        }

        double update(int percent) {
            return percentile(1, percent);
        }

        double css(int percent) {
            return percentile(2, percent);
        }

        double cpu(int percent) {
            return percentile(3, percent);
        }
    }

    /**
     * Times a change as the next frame sees it: the change itself on the FX thread, then the CSS and layout pass of
     * the pulse that follows (between the scene's pre- and post-layout pulse listeners), without the wait for that
     * pulse. That pass restyles only nodes whose state changed, where {@code root.applyCss()} restyles all of them.
     */
    private static final class NextFrame {
        private final Scene scene;
        private volatile java.util.concurrent.CompletableFuture<long[]> pending;
        private long changeNanos;
        private long changeCpu;
        private long passStart;
        private long passStartCpu;

        NextFrame(Scene scene) throws Exception {
            this.scene = scene;
            javafx.application.Platform.runLater(() -> {
                scene.addPreLayoutPulseListener(() -> {
                    passStart = System.nanoTime();
                    passStartCpu = THREADS.getCurrentThreadCpuTime();
                });
                scene.addPostLayoutPulseListener(() -> {
                    java.util.concurrent.CompletableFuture<long[]> waiting = pending;
                    if (waiting != null) {
                        pending = null;
                        waiting.complete(new long[] {changeNanos + System.nanoTime() - passStart, changeNanos, 0,
                                changeCpu + THREADS.getCurrentThreadCpuTime() - passStartCpu});
                    }
                });
            });
        }

        long[] measure(Runnable change) throws Exception {
            java.util.concurrent.CompletableFuture<long[]> done = new java.util.concurrent.CompletableFuture<>();
            javafx.application.Platform.runLater(() -> {
                long cpu = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                change.run();
                changeNanos = System.nanoTime() - start;
                changeCpu = THREADS.getCurrentThreadCpuTime() - cpu;
                pending = done;
                javafx.application.Platform.requestNextPulse();
            });
            return done.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static String code(Map<String, String> environment) throws Exception {
        try (Stream<Path> files = Files.list(Path.of(environment.get("QODEX_HOME"), "outbox"))) {
            Path mail = files.findFirst().orElseThrow();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mail));
            matcher.find();
            return matcher.group(1);
        }
    }
}
