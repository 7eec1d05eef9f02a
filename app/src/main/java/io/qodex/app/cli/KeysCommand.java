package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.member.Member;
import io.qodex.domain.project.Project;
import io.qodex.domain.secret.KeyRing;
import io.qodex.domain.secret.KeyScope;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The project's encryption key: who waits for it, rotation, state (docs/security.md, "Secrets"). Named
 * {@code project-key} so it is not mistaken for API keys or LLM keys; {@code keys}, its old name, still works and
 * prints a hint ({@link CliMain}).
 */
@Command(name = "project-key", aliases = "keys", description = "The project's encryption key: share it with waiting "
        + "members, rotate it, show its state (formerly qodex keys).",
        subcommands = {KeysCommand.Share.class, KeysCommand.Rotate.class, KeysCommand.Status.class})
final class KeysCommand {

    @Command(name = "share", description = "List who waits for the project key; Admins confirm each with "
            + "qodex members confirm (keys are never shared without a confirmation).")
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
            List<Member> waiting = workspace.members().list(chosen).stream().filter(Member::waitingForKey).toList();
            if (waiting.isEmpty()) {
                context.out().println("Nobody in " + chosen.slug() + " is waiting for the key.");
                return 0;
            }
            for (Member member : waiting) {
                context.out().println(member.email() + ": " + member.state() + member.fingerprint()
                        .map(f -> " (fingerprint: " + f + ")").orElse(""));
            }
            context.out().println("Compare each fingerprint with the one the person reads from qodex whoami, then: "
                    + "qodex members confirm --project " + chosen.slug() + " --email <address>");
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
            KeyRing.Rotation rotation = workspace.projects().rotateKey(chosen, OptionalLong.empty());
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
                    : chosen.myRole().holdsProjectKey() ? "no (waiting for an Admin to confirm your key fingerprint: "
                    + workspace.keyRing().myFingerprint() + ")" : "no (Viewers hold no key)"));
            long waiting = workspace.members().list(chosen).stream().filter(Member::waitingForKey).count();
            context.out().println("members waiting for it: " + waiting);
            return 0;
        }
    }
}
