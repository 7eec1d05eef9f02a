package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.account.OrgMembership;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.organization.OrgInvitation;
import io.qodex.domain.organization.OrganizationService;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qodex org create|list|use|invitations} and {@code qodex org members add|remove|role} (decision 0030). */
final class OrgCommands {

    private OrgCommands() {
    }

    static String role(OrgRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    @Command(name = "create", description = "Create an organization; you become its admin and it becomes current.")
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--name", required = true, paramLabel = "N", description = "Its name (1-100 characters).")
        String name;

        @Option(names = "--slug", paramLabel = "S", description = "Its short name (default: made from the name).")
        @Nullable String slug;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            OrgMembership created = workspace.organizations().create(name, slug);
            context.state().useOrganization(workspace.account().email().value(), created.slug());
            context.out().println("Created the organization " + created.slug() + " (" + Table.printable(created.name())
                    + "); you are its admin, and it is your current organization.");
            return 0;
        }
    }

    @Command(name = "list", description = "Your organizations, your role in each, and the current one (*).")
    static final class ListOrgs implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Mixin
        JsonOption output;

        ListOrgs(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            List<OrgMembership> mine = workspace.organizations().list();
            long current = workspace.account().orgId();
            Listing rows = Listing.of("CURRENT", "current", "ORGANIZATION", "slug", "NAME", "name", "ROLE", "role");
            for (OrgMembership org : mine) {
                rows.row(Listing.cell(org.orgId() == current ? "*" : "", org.orgId() == current), org.slug(), org.name(),
                        role(org.role()));
            }
            rows.print(context, output.json, OrganizationService.NO_ORGANIZATION);
            return 0;
        }
    }

    @Command(name = "use", description = "Make an organization current for later commands (new projects go there).")
    static final class Use implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Parameters(paramLabel = "SLUG", description = "The organization's slug (qodex org list).")
        String slug;

        Use(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            OrgMembership chosen = workspace.organizations().use(slug);
            context.state().useOrganization(workspace.account().email().value(), chosen.slug());
            context.out().println("Current organization: " + chosen.slug() + " (" + Table.printable(chosen.name())
                    + "), you are " + role(chosen.role()) + ".");
            return 0;
        }
    }

    @Command(name = "invitations", description = "Organizations that invited you (accept: qodex invitations accept "
            + "--org SLUG).")
    static final class Invitations implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Mixin
        JsonOption output;

        Invitations(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Listing rows = Listing.of("ORGANIZATION", "slug", "NAME", "name", "ROLE", "role", "INVITED BY", "invited_by");
            for (OrgInvitation invitation : workspace.organizations().invitations()) {
                rows.row(invitation.slug(), invitation.name(), role(invitation.role()), invitation.invitedBy());
            }
            rows.print(context, output.json, "No invitations to organizations for " + workspace.account().email() + ".");
            return 0;
        }
    }

    /** Who acts ({@code --as}: {@code --email} names the member) and in which organization. */
    abstract static class MemberChange implements Callable<Integer> {
        final CliContext context;

        @Option(names = "--as", paramLabel = "ACCOUNT",
                description = "Who acts (default: $QODEX_EMAIL, else the last account used).")
        @Nullable String actor;

        @Mixin
        OrgOption org;

        @Option(names = "--email", required = true, paramLabel = "E", description = "The member's address.")
        String member;

        MemberChange(CliContext context) {
            this.context = context;
        }

        Workspace signIn() {
            return context.signIn(actor, org.slug);
        }
    }

    @Command(name = "add", description = "Invite an address to the organization (admins); the person joins when they "
            + "accept, signed in with that address, or by verifying it at sign-up.")
    static final class Add extends MemberChange {
        @Option(names = "--role", paramLabel = "R", description = "admin or member (default member).")
        String role = "member";

        Add(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            OrgRole chosen = OrganizationService.parseRole(role);
            Workspace workspace = signIn();
            workspace.organizations().add(member, chosen);
            String slug = workspace.organizations().current().slug();
            context.out().println("Invited " + member.strip().toLowerCase(Locale.ROOT) + " to " + slug + " as "
                    + role(chosen) + "; they join when they accept (qodex invitations accept --org " + slug
                    + "), signed in with that address.");
            context.relayMailAndTell();
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a member or withdraw an invitation (admins; anyone may remove "
            + "themselves). The last admin stays.")
    static final class Remove extends MemberChange {
        Remove(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = signIn();
            String slug = workspace.organizations().current().slug();
            String done = workspace.organizations().remove(member);
            String address = member.strip().toLowerCase(Locale.ROOT);
            context.out().println(done.equals("removed") ? "Removed " + address + " from " + slug + "."
                    : "Withdrew the invitation of " + address + " to " + slug + ".");
            return 0;
        }
    }

    @Command(name = "role", description = "Make a member admin or member (admins). The last admin stays admin.")
    static final class Role extends MemberChange {
        @Option(names = "--role", required = true, paramLabel = "R", description = "admin or member.")
        String role;

        Role(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            OrgRole chosen = OrganizationService.parseRole(role);
            Workspace workspace = signIn();
            String slug = workspace.organizations().current().slug();
            workspace.organizations().changeRole(member, chosen);
            context.out().println(member.strip().toLowerCase(Locale.ROOT) + " is now " + role(chosen) + " of " + slug
                    + ".");
            return 0;
        }
    }

}
