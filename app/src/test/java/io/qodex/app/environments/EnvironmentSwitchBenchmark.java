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
import org.junit.jupiter.api.Test;

/**
 * Issue "environments" benchmark: switching the active environment in the window with 200 environments in the
 * project. Each sample runs on the FX thread what a click on the switcher does, then the CSS and layout pass the
 * next frame needs, with the environments page open (toolbar, status badge and editor all follow). The choice is
 * persisted off the FX thread. Run: ./mvnw -B verify -Pbench -pl app -am -Dtest=EnvironmentSwitchBenchmark
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
                backend.accounts().verify("bench@example.com", code(environment));
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
                long[] samples = new long[300];
                long[] updates = new long[300];
                long[] styling = new long[300];
                java.util.Random random = new java.util.Random(7);
                for (int i = -50; i < samples.length; i++) {
                    EnvironmentSummary next = all.get(random.nextInt(all.size()));
                    long[] took = app.onFx(() -> {
                        Parent root = app.scene().getRoot();
                        long start = System.nanoTime();
                        active.choose(next);
                        long updated = System.nanoTime();
                        root.applyCss();
                        long styled = System.nanoTime();
                        root.layout();
                        long laidOut = System.nanoTime();
                        return new long[] {laidOut - start, updated - start, styled - updated};
                    });
                    if (i >= 0) {
                        samples[i] = took[0];
                        updates[i] = took[1];
                        styling[i] = took[2];
                    }
                    Thread.sleep(5);
                }
                String shown = app.text("env-editor-name");
                Arrays.sort(samples);
                Arrays.sort(updates);
                Arrays.sort(styling);
                System.out.println("=== EnvironmentSwitchBenchmark (" + Runtime.getRuntime().availableProcessors()
                        + " cores, Java " + System.getProperty("java.version") + ", headless Monocle, software rendering)");
                System.out.printf("switch with 200 environments, click -> toolbar, status badge and editor updated "
                        + "(incl. CSS + layout): p50 %.2f ms, p95 %.2f ms, max %.2f ms (%d switches; last shown %s)%n",
                        samples[samples.length / 2] / 1e6, samples[(int) (samples.length * 0.95)] / 1e6,
                        samples[samples.length - 1] / 1e6, samples.length, shown);
                System.out.printf("  of which: views updated p50 %.2f ms / p95 %.2f ms; CSS p50 %.2f ms / p95 %.2f ms%n",
                        updates[150] / 1e6, updates[285] / 1e6, styling[150] / 1e6, styling[285] / 1e6);
            } finally {
                app.stop();
            }
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
