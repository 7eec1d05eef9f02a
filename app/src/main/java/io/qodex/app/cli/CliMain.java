package io.qodex.app.cli;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Failures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs one {@code qodex} command line and returns its exit code. Failures print one line
 * {@code qodex: <reason>} on standard error and exit non-zero (see {@link Problem#exitCode()}).
 */
public final class CliMain {

    private CliMain() {
    }

    public static int run(String[] args, Map<String, String> environment) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return run(args, environment, in, out, err);
    }

    public static int run(String[] args, Map<String, String> environment, BufferedReader in, PrintWriter out,
                          PrintWriter err) {
        return run(args, environment, in, out, err, null);
    }

    /**
     * Runs one command line on a backend that outlives it ({@code shared}, the background process's), else on one
     * opened for this command and closed after it.
     */
    public static int run(String[] args, Map<String, String> environment, BufferedReader in, PrintWriter out,
                          PrintWriter err, @Nullable Backend shared) {
        try (CliContext context = new CliContext(environment, in, out, err, shared)) {
            if (args.length > 0 && args[0].equals("keys")) {
                err.println("qodex: hint: \"qodex keys\" is now \"qodex project-key\" (the project's encryption key); "
                        + "the old name still works.");
            }
            CommandLine commandLine = command(context);
            commandLine.setOut(out);
            commandLine.setErr(err);
            commandLine.setExecutionExceptionHandler((failure, line, parseResult) -> {
                QodexException problem = Failures.of(failure);
                if (problem.problem() == Problem.UNAVAILABLE && !(failure instanceof QodexException)) {
                    // the logger only when something failed: setting up logging costs a command ~0.3 s
                    LoggerFactory.getLogger(CliMain.class).error("Command failed", failure);
                } else {
                    LoggerFactory.getLogger(CliMain.class).debug("Command failed", failure);
                }
                err.println("qodex: " + oneLine(problem.getMessage()));
                return problem.problem().exitCode();
            });
            commandLine.setParameterExceptionHandler((failure, arguments) -> {
                String command = failure.getCommandLine().getCommandSpec().qualifiedName();
                err.println("qodex: " + oneLine(failure.getMessage()) + " (see: " + command + " --help)");
                return Problem.INVALID_INPUT.exitCode();
            });
            return commandLine.execute(args);
        } catch (RuntimeException e) {
            QodexException problem = Failures.of(e);
            err.println("qodex: " + oneLine(problem.getMessage()));
            return problem.problem().exitCode();
        }
    }

    /**
     * The command tree: every command and subcommand takes {@code --help} (and {@code --version}), and
     * {@code qodex help <command> [<subcommand>]} prints the same.
     */
    static CommandLine command(CliContext context) {
        CommandLine commandLine = new CommandLine(QodexCommand.class, new ContextFactory(context));
        commandLine.addSubcommand("help", new CommandLine.HelpCommand());
        commandLine.addSubcommand("completion", new CompletionCommand());
        withHelp(commandLine);
        return commandLine;
    }

    private static void withHelp(CommandLine command) {
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        if (spec.optionsMap().get("--help") == null) {
            spec.mixinStandardHelpOptions(true);
        }
        if (spec.versionProvider() == null) {
            spec.versionProvider(new Version());
        }
        command.getSubcommands().values().forEach(CliMain::withHelp);
    }

    private static String oneLine(@Nullable String message) {
        return message == null ? "failed" : Table.printable(message.replace('\n', ' ').strip());
    }

    /** Creates commands with the shared context (constructor taking a CliContext), else the default way. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == CliContext.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(context));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
