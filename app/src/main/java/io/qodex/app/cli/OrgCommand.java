package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.StoredKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qodex org}: organization settings; the platform-funded LLM key (an org secret, SECURITY.md layer 3). */
@Command(name = "org", description = "Organization settings (organization admins).", subcommands = {OrgCommand.PlatformKey.class})
final class OrgCommand {

    @Command(name = "platform-key", description = "The organization's LLM key for projects without their own.",
            subcommands = {PlatformKey.Set.class, PlatformKey.Show.class, PlatformKey.Remove.class})
    static final class PlatformKey {

        @Command(name = "set", description = "Validate the key with the provider and store it (QODEX_PLATFORM_KEY or a prompt).")
        static final class Set implements Callable<Integer> {
            private final CliContext context;

            @Mixin
            AccountOption account;

            @Option(names = "--provider", paramLabel = "P", description = "openai (default)")
            String provider = "openai";

            Set(CliContext context) {
                this.context = context;
            }

            @Override
            public Integer call() {
                LlmProvider chosen = LlmProvider.parse(provider).requireLive();
                Workspace workspace = context.signIn(account.email);
                StoredKey stored;
                try (Secret key = context.password("QODEX_PLATFORM_KEY", chosen.label() + " platform API key: ")) {
                    stored = workspace.llmKeys().setPlatformKey(chosen, key);
                }
                context.out().println("Saved the " + stored.provider().label() + " platform key ending in "
                        + stored.lastFour() + "; projects without their own key use it (platform-funded, capped).");
                return 0;
            }
        }

        @Command(name = "show", description = "Provider, last four, set by, set at.")
        static final class Show implements Callable<Integer> {
            private final CliContext context;

            @Mixin
            AccountOption account;

            Show(CliContext context) {
                this.context = context;
            }

            @Override
            public Integer call() {
                Optional<StoredKey> stored = context.signIn(account.email).llmKeys().platformKey();
                if (stored.isEmpty()) {
                    context.out().println("provider: none");
                    return 0;
                }
                context.out().println("provider: " + stored.get().provider().code());
                context.out().println("last four: " + stored.get().lastFour());
                context.out().println("set by: " + stored.get().setBy());
                context.out().println("set at: " + ByokCommand.WHEN.format(stored.get().setAt()));
                return 0;
            }
        }

        @Command(name = "remove", description = "Remove the platform key; projects without their own key can no longer call an LLM.")
        static final class Remove implements Callable<Integer> {
            private final CliContext context;

            @Mixin
            AccountOption account;

            Remove(CliContext context) {
                this.context = context;
            }

            @Override
            public Integer call() {
                boolean removed = context.signIn(account.email).llmKeys().removePlatformKey();
                context.out().println(removed ? "Removed the platform key." : "There is no platform key.");
                return 0;
            }
        }
    }
}
