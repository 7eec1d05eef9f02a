package io.qodex.app.cli.resident;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.adapters.mail.LocalOutbox;
import io.qodex.app.testing.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's background process on the embedded database, with real {@code qodex} processes: the first read command
 * starts it, later ones are answered by it with the same output and exit codes, it declines what it cannot answer
 * the same way, many at once work, {@code db status} shows it, and it stops itself (and the server it started) when
 * idle or on {@code db stop}.
 */
class ResidentIT {

    private static final String PASSWORD = "harbour-lantern-77q";

    @TempDir
    Path home;

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("QODEX_HOME", home.toString());
        environment.put("QODEX_PASSWORD", PASSWORD);
        environment.put("QODEX_EMAIL", "ida@example.com");
        // long enough that it never goes idle between two steps on a loaded CI machine (a declined command runs in
        // its own process meanwhile), short enough to watch it stop
        environment.put(Resident.IDLE_VARIABLE, "20s");
        return environment;
    }

    @AfterEach
    void stop() {
        new Cli(environment()).run("db", "stop");
    }

    private void accountWithProject() throws IOException {
        Cli cli = new Cli(environment());
        ok(cli.run("signup", "--email", "ida@example.com"));
        String code = new LocalOutbox(home.resolve("outbox")).newestCode("ida@example.com").orElseThrow();
        ok(cli.run("verify", "--email", "ida@example.com", "--code", code));
        ok(cli.run("projects", "create", "--name", "Shop", "--slug", "shop"));
        ok(cli.run("env", "create", "QA", "--project", "shop", "--preset", "qa", "--base-url", "http://127.0.0.1:9"));
    }

    @Test
    void answersReadCommandsLikeTheirOwnProcessAndStopsWhenIdle() throws Exception {
        accountWithProject();
        Result first = qodex(Map.of(), "projects", "list");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("shop  Shop  admin");
        Properties status = awaitStatus();
        assertThat(status.getProperty("answered")).isEqualTo("0");

        Cli.Result dbStatus = new Cli(environment()).run("db", "status");
        assertThat(dbStatus.lines()).anyMatch(line -> line.startsWith("running: yes (pid "))
                .anyMatch(line -> line.startsWith("background: running (pid " + status.getProperty("pid") + ")")
                        && line.contains("stops after 20 s idle"));

        Result second = qodex(Map.of(), "projects", "list");
        assertThat(second).isEqualTo(first);
        assertThat(answered(1)).isEqualTo(1);

        Result wrong = qodex(Map.of("QODEX_PASSWORD", "not-the-password-1"), "env", "list", "--project", "shop");
        assertThat(wrong.exitCode()).isEqualTo(4);
        assertThat(wrong.err()).isEqualTo("qodex: Wrong email or password.\n");
        assertThat(answered(2)).isEqualTo(2);

        Result unknownOption = qodex(Map.of(), "env", "show", "QA", "--bogus");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown option: '--bogus'").contains("qodex env show --help");

        // other settings than the background process's: declined, and the command runs in its own process
        Result declined = qodex(Map.of("QODEX_LLM_MODEL", "another-model"), "env", "show", "QA", "--project", "shop");
        assertThat(declined.exitCode()).as(declined.err()).isZero();
        assertThat(declined.out()).contains("http://127.0.0.1:9");
        assertThat(answered(3)).isEqualTo(3); // the bogus option was answered (exit 2), the other settings were not

        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            processes.add(start(Map.of(), i % 2 == 0 ? new String[] {"env", "list", "--project", "shop"}
                    : new String[] {"caps", "show", "--project", "shop"}));
        }
        for (Process process : processes) {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(new String(process.getErrorStream().readAllBytes())).isZero();
        }
        assertThat(answered(11)).isEqualTo(11);

        Path run = home.resolve("run");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(run)) {
            Path socket = files.filter(file -> file.toString().endsWith(".sock")).findFirst().orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        }

        // idle for 20 s: it stops, and with it the embedded server it started
        long pid = Long.parseLong(status.getProperty("pid"));
        assertThat(ProcessHandle.of(pid).map(handle -> handle.onExit().orTimeout(60, TimeUnit.SECONDS).join()))
                .isPresent();
        Cli.Result after = new Cli(environment()).run("db", "status");
        assertThat(after.lines()).contains("running: no").anyMatch(line -> line.startsWith("background: not running"));
    }

    @Test
    void dbStopStopsTheBackgroundProcessAndTheServer() throws Exception {
        accountWithProject();
        assertThat(qodex(Map.of(), "whoami").exitCode()).isZero();
        long pid = Long.parseLong(awaitStatus().getProperty("pid"));

        Cli.Result stopped = new Cli(environment()).run("db", "stop");
        assertThat(stopped.out()).contains("Stopped the background process.");
        ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(new Cli(environment()).run("db", "status").lines()).contains("running: no");
    }

    @Test
    void offWhenTheIdlePeriodIsZero() throws Exception {
        accountWithProject();
        Result result = qodex(Map.of(Resident.IDLE_VARIABLE, "0"), "projects", "list");
        assertThat(result.exitCode()).as(result.err()).isZero();
        Thread.sleep(2000);
        assertThat(home.resolve("run").resolve("cli.properties")).doesNotExist();
        assertThat(new Cli(environment()).with(Resident.IDLE_VARIABLE, "0").run("db", "status").lines())
                .contains("running: no", "background: off (QODEX_IDLE_STOP=0): every command starts and stops what it needs");
    }

    private Properties awaitStatus() throws Exception {
        Path file = home.resolve("run").resolve("cli.properties");
        for (int i = 0; i < 600 && !Files.exists(file); i++) {
            Thread.sleep(100);
        }
        assertThat(file).as("the background process started").exists();
        return status();
    }

    private Properties status() throws IOException {
        Properties status = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("run").resolve("cli.properties"))) {
            status.load(in);
        }
        return status;
    }

    /**
     * The count of answered commands once it reached {@code expected} or 10 s passed: the process writes it after it
     * sent the exit code, so a command's own process may end first.
     */
    private int answered(int expected) throws Exception {
        int answered = Integer.parseInt(status().getProperty("answered"));
        for (int i = 0; i < 100 && answered < expected; i++) {
            Thread.sleep(100);
            answered = Integer.parseInt(status().getProperty("answered"));
        }
        return answered;
    }

    record Result(int exitCode, String out, String err) {
    }

    private Result qodex(Map<String, String> extra, String... args) throws Exception {
        Process process = start(extra, args);
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out, err);
    }

    private Process start(Map<String, String> extra, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.qodex.app.Launcher"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("QODEX_"));
        builder.environment().putAll(environment());
        builder.environment().putAll(extra);
        return builder.start();
    }

    private static void ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
    }
}
