package io.qodex.app.cli;

import io.qodex.app.adapters.files.StorageStateFile;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.LoginResult;
import io.qodex.domain.login.LoginScript;
import io.qodex.domain.login.LoginStep;
import io.qodex.domain.login.RecordingResult;
import io.qodex.domain.login.ReplayListener;
import io.qodex.domain.login.Running;
import io.qodex.domain.login.SessionCheck;
import io.qodex.domain.login.SessionRefresh;
import io.qodex.domain.login.StoredSession;
import io.qodex.domain.login.UiLoginService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** F8 from the command line: record (headed), replay and capture (headless), check, steps, export. */
@Command(name = "login", description = "The UI login of an auth profile: record, replay, check, steps, export.",
        subcommands = {LoginCommand.Record.class, LoginCommand.Replay.class, LoginCommand.Check.class,
                LoginCommand.Steps.class, LoginCommand.Export.class})
final class LoginCommand {

    /** --project, --env, --profile and the signed-in account. */
    static final class TargetOptions {
        @Mixin
        AccountOption account;

        @Option(names = "--project", paramLabel = "S")
        String project;

        @Option(names = "--env", required = true, paramLabel = "E", description = "Environment name.")
        String environment;

        @Option(names = "--profile", required = true, paramLabel = "P", description = "Auth profile name.")
        String profile;

        UiLoginService.Target target(CliContext context, Workspace workspace) {
            return workspace.logins().target(context.project(workspace, project), environment, profile);
        }
    }

    @Command(name = "record", description = "Record a login in a visible Chromium (needs a display); close the browser "
            + "or press Enter here to stop. The steps replace the profile's.")
    static final class Record implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        TargetOptions options;

        Record(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            Workspace workspace = context.signIn(options.account.email);
            UiLoginService.Target target = options.target(context, workspace);
            PrintWriter out = context.out();
            out.println("Recording " + target.label() + " at " + target.environment().baseUrl()
                    + ": log in in the browser, then close it (or press Enter here) to stop.");
            out.flush();
            int[] shown = {0};
            Running<RecordingResult> running = workspace.logins().record(target, steps -> {
                synchronized (out) {
                    for (int i = shown[0]; i < steps.size(); i++) {
                        out.println("  " + (i + 1) + ". " + describe(steps.get(i)));
                    }
                    shown[0] = steps.size();
                    out.flush();
                }
            });
            Thread stopper = new Thread(() -> {
                context.readLine();
                running.stop();
            }, "qodex-record-stop");
            stopper.setDaemon(true);
            stopper.start();
            RecordingResult result = running.await();
            if (result instanceof RecordingResult.Failed failed) {
                throw new QodexException(Problem.LOGIN_FAILED, "The recording failed: " + failed.reason());
            }
            LoginScript script = ((RecordingResult.Recorded) result).script();
            if (script.size() == 0) {
                throw QodexException.invalid("Nothing was recorded; the profile's steps are unchanged.");
            }
            workspace.logins().setSteps(target, script.toDrafts());
            out.println("Saved " + script.size() + " steps for " + target.label() + ".");
            return 0;
        }
    }

    @Command(name = "replay", description = "Replay the steps headless, capture the session and store it (encrypted).")
    static final class Replay implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        TargetOptions options;

        Replay(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(options.account.email);
            UiLoginService.Target target = options.target(context, workspace);
            LoginResult result = workspace.logins().replayAndStore(target, progress(context.out()));
            return report(context, result);
        }
    }

    @Command(name = "check", description = "Does the stored session still land logged in? With --recapture, replay "
            + "when it does not.")
    static final class Check implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        TargetOptions options;

        @Option(names = "--url", paramLabel = "URL", description = "Where to check (default: where the recorded login ended, its last waitForUrl; "
                + "else the base URL). The condition is the profile's, else what the login's last wait step waited for.")
        String url;

        @Option(names = "--recapture", description = "Re-capture by replaying when the session is missing, expired or "
                + "logged out.")
        boolean recapture;

        Check(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(options.account.email);
            UiLoginService.Target target = options.target(context, workspace);
            context.out().println("session: " + workspace.logins().freshness(target).label());
            if (recapture) {
                SessionRefresh refresh = workspace.logins().ensureFresh(target, Optional.ofNullable(url),
                        progress(context.out()));
                if (refresh instanceof SessionRefresh.StillValid) {
                    context.out().println("still valid: nothing to do.");
                    return 0;
                }
                if (refresh instanceof SessionRefresh.Recaptured recaptured) {
                    context.out().println("re-captured (" + recaptured.why() + ").");
                    printSession(context.out(), recaptured.session().capturedAt(), recaptured.session().cookieCount(),
                            recaptured.session().earliestCookieExpiry());
                    return 0;
                }
                if (refresh instanceof SessionRefresh.Unavailable unavailable) {
                    throw new QodexException(Problem.LOGIN_FAILED, unavailable.reason());
                }
                throw new QodexException(Problem.LOGIN_FAILED, "Cancelled.");
            }
            SessionCheck check = workspace.logins().check(target, Optional.ofNullable(url), ReplayListener.ignore());
            if (check instanceof SessionCheck.LoggedIn loggedIn) {
                context.out().println("logged in at " + loggedIn.url());
                return 0;
            }
            if (check instanceof SessionCheck.LoggedOut out) {
                throw new QodexException(Problem.LOGIN_FAILED, "Logged out at " + out.url() + ": " + out.reason());
            }
            if (check instanceof SessionCheck.Unreachable unreachable) {
                throw new QodexException(Problem.LOGIN_FAILED, unreachable.reason());
            }
            throw new QodexException(Problem.LOGIN_FAILED, "Cancelled.");
        }
    }

    @Command(name = "steps", description = "Print the steps as JSON, or replace them with --set FILE (validated).")
    static final class Steps implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        TargetOptions options;

        @Option(names = "--set", paramLabel = "FILE", description = "Replace the steps with this JSON file.")
        Path file;

        Steps(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            Workspace workspace = context.signIn(options.account.email);
            UiLoginService.Target target = options.target(context, workspace);
            if (file != null) {
                if (!Files.isRegularFile(file)) {
                    throw QodexException.invalid("No such file: " + file);
                }
                LoginScript script = workspace.logins().setStepsJson(target, Files.readString(file));
                context.out().println("Replaced the steps of " + target.label() + " (" + script.size() + " steps).");
                return 0;
            }
            context.out().println(workspace.logins().stepsJson(target));
            return 0;
        }
    }

    @Command(name = "export", description = "Write the stored session as a Playwright storageState file (it grants "
            + "access: keep it private).")
    static final class Export implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        TargetOptions options;

        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        Export(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(options.account.email);
            UiLoginService.Target target = options.target(context, workspace);
            try (StoredSession session = workspace.logins().session(target).orElseThrow(() -> QodexException.notFound(
                    "No session is stored for " + target.label() + ": run qodex login replay first."))) {
                StorageStateFile.write(out, session.storageState());
            }
            context.err().println(StorageStateFile.WARNING);
            context.out().println("Wrote " + out + ".");
            return 0;
        }
    }

    static ReplayListener progress(PrintWriter out) {
        return new ReplayListener() {
            @Override
            public void stepStarted(int index, LoginStep step) {
                out.print("step " + (index + 1) + ": " + describe(step) + " ... ");
                out.flush();
            }

            @Override
            public void stepSucceeded(int index, LoginStep step, Duration took) {
                out.println("ok (" + took.toMillis() + " ms)");
                out.flush();
            }
        };
    }

    static int report(CliContext context, LoginResult result) {
        if (result instanceof LoginResult.Captured captured) {
            printSession(context.out(), captured.session().capturedAt(), captured.session().cookieCount(),
                    captured.session().earliestCookieExpiry());
            captured.session().close();
            return 0;
        }
        if (result instanceof LoginResult.Failed failed) {
            context.out().println("failed");
            String where = failed.stepIndex().isPresent() ? "step " + (failed.stepIndex().getAsInt() + 1) + " failed: " : "";
            throw new QodexException(Problem.LOGIN_FAILED, where + failed.reason() + " Nothing was stored.");
        }
        throw new QodexException(Problem.LOGIN_FAILED, "Cancelled; nothing was stored.");
    }

    static void printSession(PrintWriter out, Instant capturedAt, int cookies, Optional<Instant> expires) {
        out.println("captured at: " + DateTimeFormatter.ISO_INSTANT.format(capturedAt));
        out.println("cookies: " + cookies);
        out.println("expires: " + expires.map(DateTimeFormatter.ISO_INSTANT::format)
                .orElse("no expiring cookie (session cookies only)"));
    }

    /** "fill #email = ${authEmail}"; a literal fill value is masked (it could be a secret typed by hand). */
    static String describe(LoginStep step) {
        StringBuilder text = new StringBuilder(step.action().jsonName());
        if (!step.selector().isEmpty()) {
            text.append(' ').append(step.selector());
        }
        if (!step.value().isEmpty()) {
            boolean literalFill = step.action() == io.qodex.domain.login.LoginAction.FILL && !step.value().contains("${");
            text.append(step.action() == io.qodex.domain.login.LoginAction.GOTO
                    || step.action() == io.qodex.domain.login.LoginAction.WAIT_FOR_URL ? " " : " = ")
                    .append(literalFill ? "••••" : step.value());
        }
        return text.toString();
    }
}
