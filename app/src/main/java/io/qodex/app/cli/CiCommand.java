package io.qodex.app.cli;

import io.qodex.domain.apikey.ApiKeyText;
import io.qodex.domain.apikey.CiAccess;
import io.qodex.domain.apikey.CiEnvironment;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.app.runtime.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qodex ci}: what a CI job reaches with {@code QODEX_DB_URL} and {@code QODEX_API_KEY} alone (no account, an
 * empty QODEX_HOME). The project is the key's.
 */
@Command(name = "ci", description = "For CI jobs, with QODEX_DB_URL and QODEX_API_KEY only: read an environment.",
        subcommands = {CiCommand.Env.class})
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
            try (CiAccess access = connect(context)) {
                CiAccess.KeyInfo key = access.key();
                CiEnvironment environment = access.environment(name).orElseThrow(() -> QodexException.notFound(
                        "No environment \"" + name + "\" in " + key.projectSlug() + "; it has: "
                                + String.join(", ", access.environmentNames()) + "."));
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

    /** Connects with QODEX_DB_URL and QODEX_API_KEY (nothing else is needed, nothing else is read). */
    static CiAccess connect(CliContext context) {
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
            return Workspace.ciAccess(context.config(), url.strip(), key);
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
