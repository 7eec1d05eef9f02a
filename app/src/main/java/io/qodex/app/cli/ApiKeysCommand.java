package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.apikey.ApiKey;
import io.qodex.domain.apikey.ApiKeyLifetime;
import io.qodex.domain.apikey.ApiKeyScope;
import io.qodex.domain.apikey.ApiKeyText;
import io.qodex.domain.common.Secret;
import io.qodex.domain.project.Project;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qodex api-keys}: a project's keys for CI (F5). A new key is printed once, alone on standard output; every
 * other line goes to standard error, so {@code KEY=$(qodex api-keys create …)} captures just the key.
 */
@Command(name = "api-keys", description = "Project API keys for CI: create, list, rotate, revoke (Members their own, "
        + "Admins all).", subcommands = {ApiKeysCommand.Create.class, ApiKeysCommand.ListKeys.class,
                ApiKeysCommand.Rotate.class, ApiKeysCommand.Revoke.class})
final class ApiKeysCommand {

    private static final String WARNING = "This key is shown once: store it in your CI's secrets now. It reads the "
            + "project's environments (within its scopes) for anyone who has it.";

    @Command(name = "create", description = "Mint a key and print it once on standard output.")
    static final class Create extends ProjectCommand.WithAccount {
        @Option(names = "--name", required = true, paramLabel = "N", description = "A name, e.g. github-actions.")
        String name;

        @Option(names = "--scope", required = true, paramLabel = "SCOPE[,SCOPE…]",
                description = "env:read (environments, plain variables, constraints), secrets:read (secret "
                        + "variables and tokens, decrypted), sessions (replay UI logins, read and store sessions), "
                        + "webhooks (reserved: grants nothing yet). secrets:read and sessions keys hold the project "
                        + "key: you must hold it yourself.")
        String scopes;

        @Option(names = "--expires-in", required = true, paramLabel = "DURATION",
                description = "How long the key works: 12h, 30d, 2w, 1m (a month), 1y; at most a year.")
        String expiresIn;

        Create(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            var lifetime = ApiKeyLifetime.parse(expiresIn);
            var wanted = ApiKeyScope.parseList(scopes);
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            try (ApiKeyText key = workspace.apiKeys().create(chosen, name, wanted, lifetime)) {
                printOnce(context, key, "Created API key \"" + name.strip() + "\" for " + chosen.slug().value() + " ("
                        + wanted.stream().map(ApiKeyScope::code).collect(Collectors.joining(", ")) + "), expires "
                        + key.expiresAt() + ".");
            }
            return 0;
        }
    }

    @Command(name = "list", description = "The project's keys: name, prefix, scopes, creator, created, last used, "
            + "expires, state (never the key).")
    static final class ListKeys extends ProjectCommand.WithAccount {
        @Mixin
        JsonOption output;

        ListKeys(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            List<ApiKey> keys = workspace.apiKeys().list(chosen);
            Instant now = Instant.now();
            Listing rows = Listing.of("NAME", "name", "PREFIX", "prefix", "SCOPES", "scopes", "CREATED BY", "created_by",
                    "CREATED", "created_at", "LAST USED", "last_used_at", "EXPIRES", "expires_at", "STATE", "state");
            for (ApiKey key : keys) {
                rows.row(key.name(), key.prefix(), Listing.cell(key.scopes().stream().map(ApiKeyScope::code)
                                .collect(Collectors.joining(",")), key.scopes().stream().map(ApiKeyScope::code).toList()),
                        key.createdBy(), key.createdAt(), key.lastUsedAt().orElse(null), key.expiresAt(),
                        key.state(now).name().toLowerCase(Locale.ROOT));
            }
            rows.print(context, output.json, "No API keys yet. Create one: qodex api-keys create --project "
                    + chosen.slug().value() + " --name N --scope env:read --expires-in 30d");
            return 0;
        }
    }

    @Command(name = "rotate", description = "Print a new key once (same name, scopes and expiry); the old one stops "
            + "working at once.")
    static final class Rotate extends ProjectCommand.WithAccount {
        @Option(names = "--name", required = true, paramLabel = "N")
        String name;

        Rotate(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            try (ApiKeyText key = workspace.apiKeys().rotate(chosen, name)) {
                printOnce(context, key, "Rotated API key \"" + name.strip() + "\" of " + chosen.slug().value()
                        + ": the old key no longer works.");
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a key: it is refused from now on.")
    static final class Revoke extends ProjectCommand.WithAccount {
        @Option(names = "--name", required = true, paramLabel = "N")
        String name;

        Revoke(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            ApiKey revoked = workspace.apiKeys().revoke(chosen, name);
            context.out().println("Revoked API key \"" + revoked.name() + "\" (" + revoked.prefix() + ") of "
                    + chosen.slug().value() + ".");
            if (revoked.scopes().stream().anyMatch(io.qodex.domain.apikey.ApiKeyService.HOLDING_THE_KEY::contains)) {
                context.err().println("It held the project key: if it may have leaked, rotate the project key too "
                        + "(qodex project-key rotate --project " + chosen.slug().value() + ").");
            }
            return 0;
        }
    }

    private static void printOnce(CliContext context, ApiKeyText key, String summary) {
        context.err().println(summary);
        context.err().println(WARNING);
        try (Secret text = key.text()) {
            context.out().println(text.reveal());
        }
    }
}
