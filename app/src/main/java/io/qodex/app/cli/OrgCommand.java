package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.StoredKey;
import io.qodex.domain.secret.Fingerprint;
import io.qodex.domain.secret.KeyRing;
import io.qodex.domain.secret.KeyRoster;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qodex org}: your organizations (create, list, use), their members (admins), the platform-funded LLM key (an
 * organization secret) and who holds the organization key. Decision 0030.
 */
@Command(name = "org", description = "Organizations: create, list, use; members, platform key (organization admins).",
        subcommands = {OrgCommands.Create.class, OrgCommands.ListOrgs.class, OrgCommands.Use.class,
                OrgCommands.Invitations.class, OrgCommand.PlatformKey.class, OrgCommand.Members.class,
                OrgCommand.Confirm.class})
final class OrgCommand {

    @Command(name = "members", description = "Members of the organization and whether they hold its key (the "
            + "platform-funded LLM key is encrypted under it); add, remove, role (organization admins).",
            subcommands = {OrgCommands.Add.class, OrgCommands.Remove.class, OrgCommands.Role.class})
    static final class Members implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Mixin
        OrgOption org;

        Members(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email, org.slug);
            java.util.List<String[]> rows = new java.util.ArrayList<>();
            rows.add(new String[] {"EMAIL", "ROLE", "ORGANIZATION KEY", "FINGERPRINT"});
            for (KeyRing.Waiting waiting : workspace.orgKeys().waiting()) {
                rows.add(new String[] {waiting.candidate().email(), waiting.candidate().role().name().toLowerCase(
                        java.util.Locale.ROOT), waitingLabel(waiting.reason()),
                        waiting.fingerprint().map(Fingerprint::phrase).orElse("-")});
            }
            for (KeyRoster.Member holder : workspace.orgKeys().holders()) {
                rows.add(new String[] {holder.email(), holder.role().name().toLowerCase(java.util.Locale.ROOT), "holds it",
                        holder.fingerprint().phrase()});
            }
            Table.print(context.out(), rows);
            return 0;
        }
    }

    static String waitingLabel(KeyRing.WaitReason reason) {
        return switch (reason) {
            case NEW -> "waiting for confirmation";
            case KEY_CHANGED -> "KEY CHANGED: confirm again";
            case ROLE_CHANGED -> "waiting for confirmation (admin)";
            case NO_KEYS_YET -> "waiting for their next sign-in";
        };
    }

    @Command(name = "confirm", description = "Give a member the organization key after comparing their fingerprint "
            + "(organization admins).")
    static final class Confirm implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--as", paramLabel = "ACCOUNT", description = "Who acts (default: $QODEX_EMAIL, else the last account used).")
        String actor;

        @Option(names = "--email", required = true, paramLabel = "E", description = "The member to confirm.")
        String member;

        @Mixin
        OrgOption org;

        @Option(names = "--fingerprint", paramLabel = "WORDS",
                description = "The eight words the member read to you; refused if they differ from their key's.")
        String fingerprint;

        Confirm(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(actor, org.slug);
            String address = member.strip().toLowerCase(java.util.Locale.ROOT);
            KeyRing.Waiting waiting = workspace.orgKeys().waiting().stream()
                    .filter(w -> w.candidate().email().equals(address)).findFirst()
                    .orElseThrow(() -> QodexException.notFound(address + " is not a verified member of the "
                            + "organization waiting for its key."));
            MembersCommand.compareFingerprint(context, address, waiting.fingerprint(),
                    waiting.reason() == KeyRing.WaitReason.KEY_CHANGED, fingerprint);
            Fingerprint confirmed = workspace.orgKeys().confirm(member, java.util.Optional.ofNullable(fingerprint));
            context.out().println("Confirmed " + member + " for the organization key (fingerprint: " + confirmed + ").");
            return 0;
        }
    }

    @Command(name = "platform-key", description = "The organization's LLM key for projects without their own.",
            subcommands = {PlatformKey.Set.class, PlatformKey.Show.class, PlatformKey.Remove.class})
    static final class PlatformKey {

        @Command(name = "set", description = "Validate the key with the provider and store it (QODEX_PLATFORM_KEY or a prompt).")
        static final class Set implements Callable<Integer> {
            private final CliContext context;

            @Mixin
            AccountOption account;

            @Mixin
            OrgOption org;

            @Option(names = "--provider", paramLabel = "P", description = "openai (default)")
            String provider = "openai";

            Set(CliContext context) {
                this.context = context;
            }

            @Override
            public Integer call() {
                LlmProvider chosen = LlmProvider.parse(provider).requireLive();
                Workspace workspace = context.signIn(account.email, org.slug);
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

            @Mixin
            JsonOption output;

            @Mixin
            OrgOption org;

            Show(CliContext context) {
                this.context = context;
            }

            @Override
            public Integer call() {
                Optional<StoredKey> stored = context.signIn(account.email, org.slug).llmKeys().platformKey();
                if (output.json) {
                    Listing.printJson(context, ByokCommand.key(stored));
                    return 0;
                }
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

            @Mixin
            OrgOption org;

            Remove(CliContext context) {
                this.context = context;
            }

            @Override
            public Integer call() {
                boolean removed = context.signIn(account.email, org.slug).llmKeys().removePlatformKey();
                context.out().println(removed ? "Removed the platform key." : "There is no platform key.");
                return 0;
            }
        }
    }
}
