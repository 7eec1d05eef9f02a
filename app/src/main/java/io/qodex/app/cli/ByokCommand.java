package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.StoredKey;
import io.qodex.domain.project.Project;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** F9 BYOK from the command line. The key comes from QODEX_BYOK_KEY or a prompt, never an argument. */
@Command(name = "byok", description = "The project's own LLM key (bring your own key).",
        subcommands = {ByokCommand.Set.class, ByokCommand.Show.class, ByokCommand.Remove.class})
final class ByokCommand {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Command(name = "set", description = "Validate the key with the provider and store it (Admins).")
    static final class Set implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--project", paramLabel = "S")
        String project;

        @Option(names = "--provider", required = true, paramLabel = "P", description = "openai (anthropic, google: planned)")
        String provider;

        Set(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            LlmProvider chosenProvider = LlmProvider.parse(provider).requireLive();
            Workspace workspace = context.signIn(account.email);
            Project chosen = context.project(workspace, project);
            StoredKey stored;
            try (Secret key = context.password("QODEX_BYOK_KEY", chosenProvider.label() + " API key: ")) {
                stored = workspace.llmKeys().setByok(chosen, chosenProvider, key);
            }
            context.out().println("Saved the " + stored.provider().label() + " key ending in " + stored.lastFour()
                    + " for " + chosen.slug() + "; its LLM calls are now BYOK-funded.");
            return 0;
        }
    }

    @Command(name = "show", description = "Provider, last four, set by, set at, funding mode.")
    static final class Show implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--project", paramLabel = "S")
        String project;

        @Mixin
        JsonOption output;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Project chosen = context.project(workspace, project);
            Optional<StoredKey> stored = workspace.llmKeys().byok(chosen);
            if (output.json) {
                Listing.printJson(context, key(stored, "funding", stored.isPresent() ? "byok" : "platform"));
                return 0;
            }
            if (stored.isEmpty()) {
                context.out().println("provider: none");
                context.out().println("funding: platform");
                return 0;
            }
            context.out().println("provider: " + stored.get().provider().code());
            context.out().println("last four: " + stored.get().lastFour());
            context.out().println("set by: " + stored.get().setBy());
            context.out().println("set at: " + WHEN.format(stored.get().setAt()));
            context.out().println("funding: byok");
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove the key; the project returns to platform-funded mode (Admins).")
    static final class Remove implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--project", paramLabel = "S")
        String project;

        Remove(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Project chosen = context.project(workspace, project);
            boolean removed = workspace.llmKeys().removeByok(chosen);
            context.out().println(removed ? "Removed the key of " + chosen.slug() + "; it is platform-funded again."
                    : chosen.slug() + " has no key of its own; it is platform-funded.");
            return 0;
        }
    }

    /** A stored key as JSON (never the key: its last four only), with more fields after it. */
    static java.util.Map<String, @org.jspecify.annotations.Nullable Object> key(Optional<StoredKey> stored,
                                                                               Object... more) {
        java.util.Map<String, @org.jspecify.annotations.Nullable Object> object = Listing.object(
                "provider", stored.map(k -> k.provider().code()), "last_four", stored.map(StoredKey::lastFour),
                "set_by", stored.map(StoredKey::setBy), "set_at", stored.map(StoredKey::setAt));
        object.putAll(Listing.object(more));
        return object;
    }
}
