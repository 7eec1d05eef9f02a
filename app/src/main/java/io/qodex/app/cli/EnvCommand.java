package io.qodex.app.cli;

import io.qodex.app.adapters.files.EnvironmentJson;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.ApiLoginDraft;
import io.qodex.domain.environment.DraftSecrets;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.environment.LoginHeader;
import io.qodex.domain.environment.LoginOutcome;
import io.qodex.domain.environment.Masks;
import io.qodex.domain.environment.ProfileDraft;
import io.qodex.domain.environment.SaveResult;
import io.qodex.domain.environment.SecretInput;
import io.qodex.domain.environment.VariableDraft;
import io.qodex.domain.project.Project;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** F6 and F7 from the command line: environments, variables, HTTP logins, the active environment. */
@Command(name = "env", description = "Create, edit, switch, export and import environments; test logins.",
        subcommands = {EnvCommand.Create.class, EnvCommand.Set.class, EnvCommand.SetLogin.class,
                EnvCommand.ListEnvironments.class, EnvCommand.Show.class, EnvCommand.Use.class,
                EnvCommand.Export.class, EnvCommand.Import.class, EnvCommand.TestLogin.class})
final class EnvCommand {

    private EnvCommand() {
    }

    @Command(name = "create", description = "Create an environment from a preset with its recommended constraints.")
    static final class Create extends ProjectCommand.WithAccount {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--preset", required = true, paramLabel = "P",
                description = "production, staging, qa, local or preview")
        String preset;

        @Option(names = "--base-url", required = true, paramLabel = "URL")
        String baseUrl;

        @Option(names = "--api-base-url", paramLabel = "URL")
        @Nullable String apiBaseUrl;

        Create(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            EnvironmentPreset chosen = EnvironmentPreset.parse(preset);
            Workspace workspace = workspace();
            Project target = project(workspace);
            Environment created = workspace.environments().saveOrThrow(target, EnvironmentDraft.fromPreset(chosen,
                    name, baseUrl, apiBaseUrl == null ? "" : apiBaseUrl));
            context.out().println("Created environment " + created.name() + " in " + target.slug() + ": "
                    + chosen.code() + " preset, " + created.constraints().describe() + ".");
            return 0;
        }
    }

    @Command(name = "set", description = "Set variables (K=V; with --secret, a bare K reads the value from stdin).")
    static final class Set extends ProjectCommand.WithAccount {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--var", required = true, paramLabel = "K=V", description = "A variable; repeatable.")
        List<String> variables;

        @Option(names = "--secret", description = "Store the values as secrets (encrypted, shown masked).")
        boolean secret;

        Set(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project target = project(workspace);
            Environment environment = workspace.environments().load(target, name);
            EnvironmentDraft draft = EnvironmentDraft.of(environment);
            List<String> names = new ArrayList<>();
            try {
                for (String assignment : variables) {
                    int equals = assignment.indexOf('=');
                    String key = (equals < 0 ? assignment : assignment.substring(0, equals)).strip();
                    if (equals < 0 && !secret) {
                        throw QodexException.invalid("var", "Write --var " + key + "=VALUE (only a --secret value "
                                + "may come from standard input).");
                    }
                    String value = equals < 0 ? context.readLine().orElseThrow(() -> QodexException.invalid("var",
                            "No value for " + key + " on standard input.")) : assignment.substring(equals + 1);
                    draft = draft.withVariable(secret
                            ? new VariableDraft(OptionalLong.empty(), key, true, "", SecretInput.replace(
                                    Secret.copyOf(value)))
                            : VariableDraft.plain(key, value));
                    names.add(key);
                }
                Environment saved = workspace.environments().saveOrThrow(target, draft);
                context.out().println("Set " + (secret ? "secret " : "") + (names.size() == 1 ? "variable " : "variables ")
                        + String.join(", ", names) + " on " + saved.name() + ".");
            } finally {
                DraftSecrets.wipe(draft);
            }
            return 0;
        }
    }

    @Command(name = "set-login", description = "Set a profile's HTTP login (password from QODEX_AUTH_PASSWORD or a prompt).")
    static final class SetLogin extends ProjectCommand {
        @Option(names = "--as", paramLabel = "ACCOUNT", description = "Who acts (default: $QODEX_EMAIL, else the last account used).")
        @Nullable String actor;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--profile", required = true, paramLabel = "P", description = "e.g. admin, user, viewer")
        String profile;

        @Option(names = "--method", defaultValue = "POST", paramLabel = "M")
        String method;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "e.g. $${apiBaseUrl}/login")
        String url;

        @Option(names = "--body", defaultValue = "", paramLabel = "TEMPLATE")
        String body;

        @Option(names = "--token-path", required = true, paramLabel = "JSONPATH", description = "e.g. $.data.token")
        String tokenPath;

        @Option(names = "--email", paramLabel = "E", description = "The profile's login identifier ($${authEmail}).")
        @Nullable String email;

        @Option(names = "--header", paramLabel = "'NAME: VALUE'",
                description = "A request header; repeatable (default Content-Type: application/json).")
        @Nullable List<String> headers;

        SetLogin(CliContext context) {
            super(context);
        }

        @Override
        @Nullable String account() {
            return actor;
        }

        @Override
        public Integer call() {
            List<LoginHeader> parsed = new ArrayList<>();
            for (String header : headers == null ? List.<String>of() : headers) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw QodexException.invalid("header", "Write a header as 'Name: value'.");
                }
                parsed.add(new LoginHeader(header.substring(0, colon).strip(), header.substring(colon + 1).strip()));
            }
            if (parsed.stream().noneMatch(h -> h.name().equalsIgnoreCase("Content-Type"))) {
                parsed.add(0, LoginHeader.contentTypeJson());
            }
            Workspace workspace = workspace();
            Project target = project(workspace);
            Environment environment = workspace.environments().load(target, name);
            try (Secret password = context.password("QODEX_AUTH_PASSWORD", "Password of " + profile + " on "
                    + environment.name() + ": ")) {
                ApiLoginDraft login = new ApiLoginDraft(method, url, parsed, body, tokenPath);
                SecretInput newPassword = password.isEmpty() ? SecretInput.KEEP : SecretInput.replace(password.copy());
                EnvironmentDraft draft = EnvironmentDraft.of(environment).withProfile(profile, p -> {
                    ProfileDraft changed = p.withApiLogin(Optional.of(login)).withPassword(newPassword);
                    return email == null ? changed : changed.withEmail(email);
                });
                try {
                    workspace.environments().saveOrThrow(target, draft);
                } finally {
                    DraftSecrets.wipe(draft);
                }
            }
            context.out().println("Set the HTTP login of profile " + profile.strip() + " on " + environment.name()
                    + ": " + method.strip().toUpperCase(Locale.ROOT) + " " + url.strip() + ", token at "
                    + tokenPath.strip() + ".");
            return 0;
        }
    }

    @Command(name = "list", description = "The project's environments; * marks your active one.")
    static final class ListEnvironments extends ProjectCommand.WithAccount {
        ListEnvironments(CliContext context) {
            super(context);
        }

        @Mixin
        JsonOption output;

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project target = project(workspace);
            List<EnvironmentSummary> all = workspace.environments().list(target);
            Optional<EnvironmentSummary> active = all.isEmpty() ? Optional.empty() : workspace.environments().active(target);
            Listing rows = Listing.of("ACTIVE", "active", "NAME", "name", "PRESET", "preset", "LABEL", "label",
                    "PRODUCTION-LIKE", "production_like", "BASE URL", "base_url", "CONSTRAINTS", "constraints");
            for (EnvironmentSummary environment : all) {
                boolean isActive = active.filter(a -> a.id() == environment.id()).isPresent();
                var constraints = environment.constraints();
                rows.row(Listing.cell(isActive ? "*" : "", isActive), environment.name().value(),
                        environment.preset().code(), Listing.cell(environment.appearance().label().orElse(""),
                                environment.appearance().label()),
                        Listing.cell(environment.productionLike() ? "yes" : "no", environment.productionLike()),
                        environment.baseUrl().value(), Listing.cell(constraints.describe(), Listing.object(
                                "read_only", constraints.readOnly(),
                                "max_requests_per_second", constraints.maxRequestsPerSecond(),
                                "allow_destructive_tests", constraints.allowDestructiveTests(),
                                "allow_security_testing", constraints.allowSecurityTesting())));
            }
            rows.print(context, output.json, "No environments in " + target.slug() + " yet. Create one: qodex env "
                    + "create NAME --project " + target.slug() + " --preset qa --base-url URL");
            return 0;
        }
    }

    @Command(name = "show", description = "An environment with its values resolved; secrets masked.")
    static final class Show extends ProjectCommand.WithAccount {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        JsonOption output;

        Show(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project target = project(workspace);
            Environment environment = workspace.environments().load(target, name);
            if (output.json) {
                Listing.printJson(context, EnvironmentDescription.json(workspace.environments(), target, environment));
            } else {
                EnvironmentDescription.print(context.out(), workspace.environments(), target, environment);
            }
            return 0;
        }
    }

    @Command(name = "use", description = "Make an environment your active one in the project (the app follows).")
    static final class Use extends ProjectCommand.WithAccount {
        @Parameters(paramLabel = "NAME")
        String name;

        Use(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project target = project(workspace);
            EnvironmentSummary chosen = workspace.environments().use(target, name);
            context.out().println("Active environment in " + target.slug() + ": " + chosen.name()
                    + (chosen.productionLike() ? " (production-like)" : "") + ".");
            return 0;
        }
    }

    @Command(name = "export", description = "Print an environment as JSON; secrets are left out and marked as such.")
    static final class Export extends ProjectCommand.WithAccount {
        @Parameters(paramLabel = "NAME")
        String name;

        Export(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Environment environment = workspace.environments().load(project(workspace), name);
            context.out().print(EnvironmentJson.write(workspace.environments().export(environment)));
            context.out().flush();
            return 0;
        }
    }

    @Command(name = "import", description = "Create an environment from an exported JSON file (all or nothing).")
    static final class Import extends ProjectCommand.WithAccount {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--name", paramLabel = "N", description = "Import under another name.")
        @Nullable String newName;

        Import(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Object tree = EnvironmentJson.read(file);
            Workspace workspace = workspace();
            Project target = project(workspace);
            SaveResult result = workspace.environments().importTree(target, tree, Optional.ofNullable(newName));
            if (result instanceof SaveResult.Invalid invalid) {
                throw context.importRefused(invalid.problems());
            }
            Environment imported = ((SaveResult.Saved) result).environment();
            long unset = imported.variables().stream().filter(v -> v.secret() && !v.hasValue()).count();
            context.out().println("Imported environment " + imported.name() + " into " + target.slug() + " ("
                    + imported.variables().size() + " variable(s), " + imported.profiles().size() + " auth profile(s)"
                    + (unset > 0 ? "; " + unset + " secret variable(s) to set" : "") + ").");
            return 0;
        }
    }

    @Command(name = "test-login", description = "Run a profile's HTTP login: status, latency, last four of the token.")
    static final class TestLogin extends ProjectCommand.WithAccount {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--profile", required = true, paramLabel = "P")
        String profile;

        TestLogin(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project target = project(workspace);
            Environment environment = workspace.environments().load(target, name);
            LoginOutcome outcome = workspace.environments().testLogin(target, EnvironmentDraft.of(environment), profile);
            statusOf(outcome).ifPresent(status -> context.out().println("status: " + status));
            outcome.latency().ifPresent(latency -> context.out().println("latency: " + latency.toMillis() + " ms"));
            if (outcome instanceof LoginOutcome.Success success) {
                try (Secret token = success.token()) {
                    context.out().println("token: " + Masks.lastFour(token));
                }
                return 0;
            }
            throw new QodexException(problemOf(outcome), null, "Login failed: " + outcome.message(), null);
        }

        private static Optional<Integer> statusOf(LoginOutcome outcome) {
            if (outcome instanceof LoginOutcome.Success s) {
                return Optional.of(s.status());
            }
            if (outcome instanceof LoginOutcome.HttpError e) {
                return Optional.of(e.status());
            }
            if (outcome instanceof LoginOutcome.NotJson n) {
                return Optional.of(n.status());
            }
            if (outcome instanceof LoginOutcome.EmptyBody e) {
                return Optional.of(e.status());
            }
            return Optional.empty();
        }

        private static Problem problemOf(LoginOutcome outcome) {
            if (outcome instanceof LoginOutcome.InvalidConfig || outcome instanceof LoginOutcome.InvalidPath) {
                return Problem.INVALID_INPUT;
            }
            if (outcome instanceof LoginOutcome.HttpError e && (e.status() == 401 || e.status() == 403)) {
                return Problem.AUTHENTICATION;
            }
            if (outcome instanceof LoginOutcome.Timeout || outcome instanceof LoginOutcome.ConnectionRefused
                    || outcome instanceof LoginOutcome.UnknownHost || outcome instanceof LoginOutcome.NetworkError) {
                return Problem.UNAVAILABLE;
            }
            return Problem.PROVIDER_REFUSED;
        }
    }
}
