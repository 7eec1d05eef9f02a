package io.qodex.app.cli;

import io.qodex.app.adapters.files.StorageStateFile;
import io.qodex.app.runtime.CiSession;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.apikey.ApiKeyScope;
import io.qodex.domain.apikey.ApiKeyText;
import io.qodex.domain.apikey.CiAccess;
import io.qodex.domain.apikey.CiEnvironment;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.Token;
import io.qodex.domain.login.CapturedSession;
import io.qodex.domain.login.LoginResult;
import io.qodex.domain.login.SessionRefresh;
import io.qodex.domain.login.StoredSession;
import io.qodex.domain.login.UiLoginService;
import io.qodex.domain.project.Project;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qodex ci}: what a CI job reaches with {@code QODEX_DB_URL} and {@code QODEX_API_KEY} alone (no account, an
 * empty QODEX_HOME). The project is the key's.
 */
@Command(name = "ci", description = "For CI jobs, with QODEX_DB_URL and QODEX_API_KEY only: an environment, a token, "
        + "a fresh login session.", subcommands = {CiCommand.Env.class, CiCommand.TokenCommand.class,
        CiCommand.StorageState.class})
final class CiCommand {

    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_./:@+,=-]*");

    @Command(name = "env", description = "An environment of the key's project: base URLs, constraints, the "
            + "production-like flag and its variables (secret values omitted without secrets:read). dotenv is for "
            + "POSIX shells (set -a; . ./file): constraints as QODEX_*, variables as QODEX_VAR_<name>.")
    static final class Env implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "NAME", description = "The environment's name (any case).")
        String name;

        @Option(names = "--format", paramLabel = "FORMAT", description = "json (default) or dotenv.")
        @Nullable String format;

        Env(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            String chosen = format == null ? "json" : format.strip().toLowerCase(java.util.Locale.ROOT);
            if (!chosen.equals("json") && !chosen.equals("dotenv")) {
                throw QodexException.invalid("format", "--format is json or dotenv (\"" + format + "\" given).");
            }
            try (CiSession session = connect(context)) {
                CiAccess access = session.access();
                CiAccess.KeyInfo key = session.key();
                CiEnvironment environment = access.environment(name).orElseThrow(() -> QodexException.notFound(
                        "No environment \"" + name + "\" in " + key.projectSlug() + "; it has: "
                                + String.join(", ", access.environmentNames()) + "."));
                if (key.scopes().contains(ApiKeyScope.SECRETS_READ)) {
                    environment = withSecrets(session, environment);
                }
                if (environment.productionLike()) {
                    context.warn(environment.name() + " is production-like: " + (environment.readOnly() ? "read-only"
                            : "writable") + ", at most " + environment.maxRequestsPerSecond() + " requests/s, "
                            + (environment.allowDestructiveTests() ? "destructive tests allowed"
                            : "no destructive tests") + ".");
                }
                if (chosen.equals("json")) {
                    Listing.printJson(context, json(key, environment));
                } else {
                    dotenv(environment).forEach(context.out()::println);
                }
            }
            return 0;
        }
    }

    /** The environment with its secret variables decrypted (secrets:read: the key holds the project key). */
    private static CiEnvironment withSecrets(CiSession session, CiEnvironment environment) {
        Project project = session.project();
        Environment stored = session.environments().load(project, environment.name());
        List<CiEnvironment.Variable> variables = new ArrayList<>();
        for (CiEnvironment.Variable variable : environment.variables()) {
            if (variable.secret()) {
                try (Secret value = session.environments().revealVariable(project, stored, variable.name())) {
                    variables.add(new CiEnvironment.Variable(variable.name(), Optional.of(value.reveal()), true));
                }
            } else {
                variables.add(variable);
            }
        }
        return new CiEnvironment(environment.name(), environment.baseUrl(), environment.apiBaseUrl(),
                environment.preset(), environment.productionLike(), environment.readOnly(),
                environment.maxRequestsPerSecond(), environment.allowDestructiveTests(),
                environment.allowSecurityTesting(), variables);
    }

    /** The environment and auth profile a CI command works on. */
    static final class Profile {
        @Option(names = "--env", required = true, paramLabel = "NAME", description = "The environment (any case).")
        String environment;

        @Option(names = "--profile", required = true, paramLabel = "PROFILE", description = "The auth profile.")
        String profile;
    }

    @Command(name = "token", description = "The bearer token of an auth profile (needs secrets:read): its static "
            + "token, else a token cached in the last 30 minutes, else its HTTP login, else the token its UI login "
            + "captured. The token alone on the last line of standard output.")
    static final class TokenCommand implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Profile target;

        TokenCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (CiSession session = connect(context)) {
                session.require(ApiKeyScope.SECRETS_READ, "qodex ci token");
                Project project = session.project();
                Environment stored = session.environments().load(project, target.environment);
                try (Token token = session.environments().token(project, stored, target.profile)) {
                    context.err().println("Token of " + stored.name().value() + " / " + target.profile + " from the "
                            + token.source().label() + " (ends " + token.masked() + ").");
                    context.out().println(token.value().reveal());
                }
            }
            return 0;
        }
    }

    @Command(name = "storage-state", description = "The login session of an auth profile as a Playwright "
            + "storageState file (needs sessions; mode 0600). Replays the recorded login headless when the stored "
            + "session is missing, expired or fails its check (always with --fresh) and stores the new one.")
    static final class StorageState implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Profile target;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write it.")
        Path out;

        @Option(names = "--fresh", description = "Replay the login even if the stored session still works.")
        boolean fresh;

        StorageState(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (CiSession session = connect(context)) {
                session.require(ApiKeyScope.SESSIONS, "qodex ci storage-state");
                UiLoginService logins = session.logins();
                UiLoginService.Target login = logins.target(session.project(), target.environment, target.profile);
                if (fresh) {
                    LoginResult result = logins.replayAndStore(login, LoginCommand.progress(context.err()));
                    if (!(result instanceof LoginResult.Captured captured)) {
                        return LoginCommand.report(context, result);
                    }
                    try (CapturedSession capturedSession = captured.session()) {
                        StorageStateFile.write(out, capturedSession.storageState());
                    }
                    context.err().println("Replayed the login of " + login.label() + " (--fresh) and stored the new "
                            + "session.");
                } else {
                    SessionRefresh refresh = logins.ensureFresh(login, LoginCommand.progress(context.err()));
                    if (refresh instanceof SessionRefresh.StillValid valid) {
                        try (StoredSession stored = valid.session()) {
                            StorageStateFile.write(out, stored.storageState());
                        }
                        context.err().println("The stored session of " + login.label() + " passed its check.");
                    } else if (refresh instanceof SessionRefresh.Recaptured recaptured) {
                        try (CapturedSession captured = recaptured.session()) {
                            StorageStateFile.write(out, captured.storageState());
                        }
                        context.err().println("Replayed the login of " + login.label() + " (" + recaptured.why()
                                + ") and stored the new session.");
                    } else if (refresh instanceof SessionRefresh.Unavailable unavailable) {
                        throw new QodexException(Problem.LOGIN_FAILED, unavailable.reason() + " Nothing was written.");
                    } else {
                        throw new QodexException(Problem.LOGIN_FAILED, "Cancelled; nothing was written.");
                    }
                }
            }
            context.err().println(StorageStateFile.WARNING);
            context.out().println("Wrote " + out + ".");
            return 0;
        }
    }

    /** Connects with QODEX_DB_URL and QODEX_API_KEY (nothing else is needed, nothing else is read). */
    static CiSession connect(CliContext context) {
        String url = context.environment().get("QODEX_DB_URL");
        if (url == null || url.isBlank()) {
            throw QodexException.invalid("QODEX_DB_URL", "Set QODEX_DB_URL to the shared database's JDBC URL.");
        }
        String text = context.environment().get("QODEX_API_KEY");
        if (text == null || text.isBlank()) {
            throw QodexException.invalid("QODEX_API_KEY", "Set QODEX_API_KEY to the key \"qodex api-keys create\" "
                    + "printed.");
        }
        try (Secret secret = Secret.copyOf(text); ApiKeyText key = ApiKeyText.parse(secret)) {
            return Workspace.ciSession(context.config(), url.strip(), key);
        }
    }

    static Map<String, @Nullable Object> json(CiAccess.KeyInfo key, CiEnvironment environment) {
        Map<String, @Nullable Object> variables = new LinkedHashMap<>();
        List<String> omitted = new ArrayList<>();
        for (CiEnvironment.Variable variable : environment.variables()) {
            if (variable.value().isPresent()) {
                variables.put(variable.name(), variable.value().get());
            } else {
                omitted.add(variable.name());
            }
        }
        return Listing.object("project", key.projectSlug(), "environment", environment.name(),
                "base_url", environment.baseUrl(), "api_base_url", environment.apiBaseUrl().orElse(null),
                "preset", environment.preset().orElse(null), "production_like", environment.productionLike(),
                "constraints", Listing.object("read_only", environment.readOnly(),
                        "max_requests_per_second", environment.maxRequestsPerSecond(),
                        "allow_destructive_tests", environment.allowDestructiveTests(),
                        "allow_security_testing", environment.allowSecurityTesting()),
                "variables", variables, "omitted_secrets", omitted);
    }

    static List<String> dotenv(CiEnvironment environment) {
        List<String> lines = new ArrayList<>();
        lines.add("QODEX_ENVIRONMENT=" + quoted(environment.name()));
        lines.add("QODEX_BASE_URL=" + quoted(environment.baseUrl()));
        lines.add("QODEX_API_BASE_URL=" + quoted(environment.apiBaseUrl().orElse("")));
        lines.add("QODEX_PRODUCTION_LIKE=" + environment.productionLike());
        lines.add("QODEX_READ_ONLY=" + environment.readOnly());
        lines.add("QODEX_MAX_REQUESTS_PER_SECOND=" + environment.maxRequestsPerSecond());
        lines.add("QODEX_ALLOW_DESTRUCTIVE_TESTS=" + environment.allowDestructiveTests());
        lines.add("QODEX_ALLOW_SECURITY_TESTING=" + environment.allowSecurityTesting());
        // a variable is QODEX_VAR_<name>: whatever a project member names it (PATH, BASH_ENV, LD_PRELOAD,
        // QODEX_READ_ONLY …), sourcing the file sets nothing else and cannot override the constraints above
        for (CiEnvironment.Variable variable : environment.variables()) {
            lines.add(variable.value().map(value -> "QODEX_VAR_" + variable.name() + "=" + quoted(value))
                    .orElse("# QODEX_VAR_" + variable.name() + " is secret: omitted (the key has no secrets:read scope)"));
        }
        return lines;
    }

    /**
     * A dotenv value: bare when safe, else in single quotes, where a shell expands nothing ({@code $}, backticks,
     * {@code \}); a single quote inside is written {@code '\''}. Sourcing the file ({@code set -a; . ./env}) sets the
     * values exactly and runs nothing a project member typed into a variable.
     */
    static String quoted(String value) {
        if (BARE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
