package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.adapters.mail.LocalOutbox;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.TestBackends;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * CI runs many {@code qodex} processes on one {@code QODEX_HOME}: twenty at once (each signs in, so each remembers the
 * email; half also choose the current project and remember the route) all succeed, warn of nothing, and leave the
 * shared state file whole with every key, and no temporary file behind.
 */
class ParallelCommandsIT {

    private static final String PASSWORD = "quartz-harbour-81k";

    @Test
    void twentyCommandsAtOnceAllSucceedAndTheStateFileStaysWhole() throws Exception {
        try (TestDatabase db = TestPostgres.freshDatabase()) {
            Cli cli = new Cli(TestBackends.environment(db)).with("QODEX_PASSWORD", PASSWORD)
                    .with("QODEX_EMAIL", "ana@example.com");
            Path home = Path.of(cli.environment().get("QODEX_HOME"));
            ok(cli.run("signup", "--email", "ana@example.com"));
            String code = new LocalOutbox(home.resolve("outbox")).newestCode("ana@example.com").orElseThrow();
            ok(cli.run("verify", "--email", "ana@example.com", "--code", code));
            ok(cli.run("projects", "create", "--name", "Shop", "--slug", "shop"));
            Files.delete(home.resolve("state.properties"));

            Path logs = Files.createTempDirectory("parallel-qodex");
            List<Process> processes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                        System.getProperty("java.class.path"), "io.qodex.app.Launcher"));
                command.addAll(i % 2 == 0 ? List.of("projects", "use", "shop") : List.of("projects", "list"));
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().putAll(cli.environment());
                // each in its own process, as before the background process (ResidentIT covers that one)
                builder.environment().put("QODEX_IDLE_STOP", "0");
                builder.redirectOutput(logs.resolve(i + ".out").toFile()).redirectError(logs.resolve(i + ".err").toFile());
                processes.add(builder.start());
            }
            for (int i = 0; i < processes.size(); i++) {
                assertThat(processes.get(i).waitFor(300, TimeUnit.SECONDS)).as("process %d ended", i).isTrue();
                String err = Files.readString(logs.resolve(i + ".err"));
                assertThat(processes.get(i).exitValue()).as("process %d: %s", i, err).isZero();
                assertThat(err).as("process %d", i).doesNotContain("warning").doesNotContain("state.properties");
            }

            Properties state = new Properties();
            try (InputStream in = Files.newInputStream(home.resolve("state.properties"))) {
                state.load(in);
            }
            assertThat(state).containsEntry("account.last-email", "ana@example.com")
                    .containsEntry("project.current", "shop").containsEntry("route.last", "/p/shop");
            try (Stream<Path> files = Files.list(home)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
            }
        }
    }

    private static void ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
    }
}
