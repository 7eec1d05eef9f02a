package io.qodex.app.cli.resident;

import io.qodex.app.adapters.mail.LocalOutbox;
import io.qodex.app.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole {@code qodex} processes against the JVM's floor (a one-line program), interleaved in one run on the embedded
 * database: the four read commands of the issue answered by the background process, and the same commands each in
 * its own process ({@code QODEX_IDLE_STOP=0}) with the database already running. Prints medians; asserts nothing.
 */
class CliStartupBenchmark {

    private static final int ROUNDS = 15;
    private static final int OWN_PROCESS_ROUNDS = 3;
    private static final String PASSWORD = "benchmark-lantern-19z";

    @TempDir
    Path home;

    @Test
    void readCommandsAgainstTheJvmFloor() throws Exception {
        Cli cli = new Cli(environment());
        ok(cli.run("signup", "--email", "bea@example.com"));
        String code = new LocalOutbox(home.resolve("outbox")).newestCode("bea@example.com").orElseThrow();
        ok(cli.run("verify", "--email", "bea@example.com", "--code", code));
        ok(cli.run("projects", "create", "--name", "Shop", "--slug", "shop"));
        ok(cli.run("env", "create", "QA", "--project", "shop", "--preset", "qa", "--base-url", "http://127.0.0.1:9"));
        ok(cli.run("env", "set", "QA", "--project", "shop", "--var", "A=1", "--var", "B=2"));
        ok(cli.runWithInput("s3cret\n", "env", "set", "QA", "--project", "shop", "--secret", "--var", "TOKEN"));
        ok(cli.run("projects", "use", "shop"));

        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("qodex projects list", List.of("projects", "list"));
        commands.put("qodex env list", List.of("env", "list"));
        commands.put("qodex env show QA", List.of("env", "show", "QA"));
        commands.put("qodex caps show", List.of("caps", "show"));
        try {
            run(Map.of(), List.of("projects", "list")); // starts the background process
            Path status = home.resolve("run").resolve("cli.properties");
            for (int i = 0; i < 600 && !Files.exists(status); i++) {
                Thread.sleep(100);
            }
            for (List<String> command : commands.values()) {
                run(Map.of(), command); // its first command of each kind, untimed
            }
            Map<String, List<Long>> times = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                times.computeIfAbsent("JVM floor (one-line program)", k -> new ArrayList<>()).add(floor());
                for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                    times.computeIfAbsent(command.getKey(), k -> new ArrayList<>()).add(run(Map.of(), command.getValue()));
                }
                if (round < OWN_PROCESS_ROUNDS) {
                    for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                        times.computeIfAbsent(command.getKey() + " (own process)", k -> new ArrayList<>())
                                .add(run(Map.of(Resident.IDLE_VARIABLE, "0"), command.getValue()));
                    }
                }
            }
            long floor = median(times.get("JVM floor (one-line program)"));
            System.out.printf(Locale.ROOT, "%n%-40s %8s %8s %8s %8s%n", "process", "median", "min", "max", "x floor");
            times.forEach((name, values) -> System.out.printf(Locale.ROOT, "%-40s %6d ms %5d ms %5d ms %7.1fx%n", name,
                    median(values), values.stream().mapToLong(Long::longValue).min().orElseThrow(),
                    values.stream().mapToLong(Long::longValue).max().orElseThrow(), (double) median(values) / floor));
            System.out.printf(Locale.ROOT, "(%d rounds interleaved, own process %d; %s, %d cores)%n", ROUNDS,
                    OWN_PROCESS_ROUNDS, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        } finally {
            cli.run("db", "stop");
        }
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("QODEX_HOME", home.toString());
        environment.put("QODEX_PASSWORD", PASSWORD);
        environment.put("QODEX_EMAIL", "bea@example.com");
        return environment;
    }

    private long floor() throws IOException, InterruptedException {
        return time(new ProcessBuilder(java(), "-cp", Path.of(JvmFloor.class.getProtectionDomain().getCodeSource()
                .getLocation().getPath()).toString(), JvmFloor.class.getName()), Map.of());
    }

    private long run(Map<String, String> extra, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                "io.qodex.app.Launcher"));
        command.addAll(args);
        return time(new ProcessBuilder(command), extra);
    }

    private long time(ProcessBuilder builder, Map<String, String> extra) throws IOException, InterruptedException {
        builder.environment().keySet().removeIf(name -> name.startsWith("QODEX_"));
        builder.environment().putAll(environment());
        builder.environment().putAll(extra);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(builder.command() + " failed");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void ok(Cli.Result result) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException(result.err());
        }
    }
}
