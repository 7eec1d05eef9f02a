package io.qodex.app.cli.resident;

import io.qodex.domain.common.PrivateFiles;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Starts the background process after a command it could have answered ran in its own process, so that the next
 * one is fast. Never fails the command that already did its work: a problem is logged and nothing starts.
 */
public final class ResidentStart {

    /** The hidden first argument that makes {@code qodex} the background process. */
    public static final String ARGUMENT = "__background";

    private ResidentStart() {
    }

    /** Starts it unless the command is not one it answers, it is turned off, or one already runs. */
    public static Optional<String> after(Path home, String[] args, Map<String, String> environment) {
        if (!Resident.answers(args, environment)) {
            return Optional.empty();
        }
        try {
            if (Resident.idleStop(home, environment).equals(Duration.ZERO) || !Files.isDirectory(Path.of("/proc/self"))
                    || running(home)) {
                return Optional.empty();
            }
            List<String> command = command();
            if (command.isEmpty()) {
                return Optional.empty();
            }
            ProcessBuilder builder = new ProcessBuilder(command);
            Resident.PER_COMMAND.forEach(builder.environment()::remove);
            builder.environment().put("QODEX_HOME", home.toString());
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Path output = PrivateFiles.createIfAbsent(PrivateFiles.createDirectories(Resident.runDirectory(home))
                    .resolve("cli.out"));
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            builder.redirectErrorStream(true);
            builder.start();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage()); // a malformed QODEX_IDLE_STOP: say so, the command itself succeeded
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(ResidentStart.class).info("The background process did not start: {}", e.toString());
            return Optional.empty();
        }
    }

    /** True while a background process of this build holds its lock (it runs, or is starting). */
    static boolean running(Path home) throws IOException {
        Path lock = Resident.lock(home);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
             FileLock held = channel.tryLock()) {
            return held == null;
        }
    }

    /**
     * How to start this program again as the background process: the installed launcher (jpackage names it in
     * {@code jpackage.app-path}; its options, such as the class-data archive, come with it), else this JVM's
     * {@code java} with its options and class path. In a new session ({@code setsid}) where there is one, so that
     * Ctrl+C in the terminal does not reach it.
     */
    private static List<String> command() {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        String launcher = System.getProperty("jpackage.app-path");
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            command.add(launcher);
            command.add(ARGUMENT);
            return command;
        }
        Path javaCommand = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(javaCommand)) {
            return List.of();
        }
        command.add(javaCommand.toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            boolean kept = (option.startsWith("-X") || option.startsWith("-D")) && !option.startsWith("-XX:ArchiveClassesAtExit")
                    && !option.startsWith("-Xshare:dump") && !option.startsWith("-XX:DumpLoadedClassList")
                    && !option.startsWith("-Xrunjdwp") && !option.startsWith("-Xdebug");
            if (kept) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.qodex.app.Launcher");
        command.add(ARGUMENT);
        return command;
    }
}
