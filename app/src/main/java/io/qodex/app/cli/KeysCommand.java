package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.project.Project;
import io.qodex.domain.secret.KeyRing;
import io.qodex.domain.secret.KeyScope;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Project keys (SECURITY.md layer 3): share with members waiting for the key; rotate. */
@Command(name = "keys", description = "Share the project key with waiting members, rotate it, show its state.",
        subcommands = {KeysCommand.Share.class, KeysCommand.Rotate.class, KeysCommand.Status.class})
final class KeysCommand {

    @Command(name = "share", description = "Wrap the project key for every Admin and Member waiting for it (Admins).")
    static final class Share implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--project", paramLabel = "S")
        String project;

        Share(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Project chosen = context.project(workspace, project);
            int shared = workspace.keyRing().shareWaitingKeys(OptionalLong.of(chosen.id()));
            context.out().println(shared == 0 ? "Nobody in " + chosen.slug() + " is waiting for the key."
                    : "Shared the key of " + chosen.slug() + " with " + shared + " member(s).");
            return 0;
        }
    }

    @Command(name = "rotate", description = "New project key version for the current Admins and Members; every "
            + "secret re-encrypted in one transaction (Admins).")
    static final class Rotate implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--project", paramLabel = "S")
        String project;

        Rotate(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Project chosen = context.project(workspace, project);
            KeyRing.Rotation rotation = workspace.keyRing().rotate(chosen, OptionalLong.empty());
            context.out().println("Rotated the key of " + chosen.slug() + " to version " + rotation.version()
                    + "; re-encrypted " + rotation.reencrypted() + " secret(s).");
            return 0;
        }
    }

    @Command(name = "status", description = "The project key version and whether you hold it.")
    static final class Status implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--project", paramLabel = "S")
        String project;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Project chosen = context.project(workspace, project);
            context.out().println("project: " + chosen.slug());
            context.out().println("key version: " + chosen.keyVersion());
            context.out().println("you hold it: " + (workspace.keyRing().holdsKey(KeyScope.PROJECT, chosen.id()) ? "yes"
                    : chosen.myRole().holdsProjectKey() ? "no (waiting for an Admin to share it)" : "no (Viewers hold no key)"));
            long waiting = workspace.members().list(chosen).stream().filter(m -> m.waitingForKey() && !m.invited()).count();
            context.out().println("members waiting for it: " + waiting);
            return 0;
        }
    }
}
