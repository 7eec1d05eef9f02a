package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.member.Invitation;
import io.qodex.domain.project.ProjectRole;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Invitations to the signed-in account's address: list, accept, decline. */
@Command(name = "invitations", description = "Projects that invited you: list, accept, decline.",
        subcommands = {InvitationsCommand.ListInvitations.class, InvitationsCommand.Accept.class,
                InvitationsCommand.Decline.class})
final class InvitationsCommand {

    @Command(name = "list", description = "Invitations to your address.")
    static final class ListInvitations implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Mixin
        JsonOption output;

        ListInvitations(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            List<Invitation> invitations = workspace.members().myInvitations();
            Listing rows = Listing.of("PROJECT", "project", "NAME", "name", "ROLE", "role", "INVITED BY", "invited_by");
            for (Invitation invitation : invitations) {
                rows.row(invitation.slug(), invitation.projectName(), invitation.role().code(), invitation.invitedBy());
            }
            rows.print(context, output.json, "No invitations for " + workspace.account().email() + ".");
            return 0;
        }
    }

    @Command(name = "accept", description = "Join the project that invited you.")
    static final class Accept implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Parameters(index = "0", paramLabel = "PROJECT", description = "The project's slug.")
        String slug;

        Accept(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Invitation invitation = workspace.members().invitation(slug);
            ProjectRole role = workspace.members().accept(invitation);
            context.out().println("You joined " + invitation.slug() + " as " + role.code() + "."
                    + (role.holdsProjectKey() ? " An Admin confirms your key fingerprint (" + workspace.keyRing()
                    .myFingerprint() + ") before you can read its secrets." : ""));
            return 0;
        }
    }

    @Command(name = "decline", description = "Decline an invitation.")
    static final class Decline implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Parameters(index = "0", paramLabel = "PROJECT", description = "The project's slug.")
        String slug;

        Decline(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Invitation invitation = workspace.members().invitation(slug);
            workspace.members().decline(invitation);
            context.out().println("Declined the invitation to " + invitation.slug() + ".");
            return 0;
        }
    }
}
