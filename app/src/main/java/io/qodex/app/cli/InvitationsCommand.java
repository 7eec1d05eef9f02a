package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.account.OrgMembership;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.member.Invitation;
import io.qodex.domain.organization.OrgInvitation;
import io.qodex.domain.project.ProjectRole;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Invitations to the signed-in account's address: list, accept, decline. */
@Command(name = "invitations", description = "Projects and organizations that invited you: list, accept, decline.",
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
            List<OrgInvitation> orgs = workspace.organizations().invitations();
            if (!output.json && !orgs.isEmpty()) {
                context.out().println();
                Listing orgRows = Listing.of("ORGANIZATION", "slug", "NAME", "name", "ROLE", "role", "INVITED BY",
                        "invited_by");
                for (OrgInvitation invitation : orgs) {
                    orgRows.row(invitation.slug(), invitation.name(), OrgCommands.role(invitation.role()),
                            invitation.invitedBy());
                }
                orgRows.print(context, false, "");
                context.out().println("Accept one with qodex invitations accept --org SLUG.");
            }
            return 0;
        }
    }

    @Command(name = "accept", description = "Join the project (or, with --org, the organization) that invited you.")
    static final class Accept implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT", description = "The project's slug.")
        @Nullable String slug;

        @Option(names = "--org", paramLabel = "SLUG", description = "Accept the invitation to this organization.")
        @Nullable String org;

        Accept(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            if (org != null) {
                OrgMembership joined = workspace.organizations().accept(org);
                context.state().useOrganization(workspace.account().email().value(), joined.slug());
                context.out().println("You joined the organization " + joined.slug() + " as "
                        + OrgCommands.role(joined.role()) + "; it is your current organization.");
                return 0;
            }
            Invitation invitation = workspace.members().invitation(project(slug));
            ProjectRole role = workspace.members().accept(invitation);
            context.out().println("You joined " + invitation.slug() + " as " + role.code() + "."
                    + (role.holdsProjectKey() ? " An Admin confirms your key fingerprint (" + workspace.keyRing()
                    .myFingerprint() + ") before you can read its secrets." : ""));
            return 0;
        }
    }

    @Command(name = "decline", description = "Decline an invitation (to an organization: --org SLUG).")
    static final class Decline implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT", description = "The project's slug.")
        @Nullable String slug;

        @Option(names = "--org", paramLabel = "SLUG", description = "Decline the invitation to this organization.")
        @Nullable String org;

        Decline(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            if (org != null) {
                workspace.organizations().decline(org);
                context.out().println("Declined the invitation to the organization " + org + ".");
                return 0;
            }
            Invitation invitation = workspace.members().invitation(project(slug));
            workspace.members().decline(invitation);
            context.out().println("Declined the invitation to " + invitation.slug() + ".");
            return 0;
        }
    }

    static String project(@Nullable String slug) {
        if (slug == null || slug.isBlank()) {
            throw QodexException.invalid("project", "Say which invitation: a project's slug, or --org SLUG.");
        }
        return slug;
    }
}
