package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.account.Email;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.member.Member;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.Fingerprint;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Members, roles and key confirmation from the command line. */
@Command(name = "members", description = "List, invite, confirm and remove members; change roles.",
        subcommands = {MembersCommand.Add.class, MembersCommand.ListMembers.class, MembersCommand.Confirm.class,
                MembersCommand.Remove.class, MembersCommand.Role.class, MembersCommand.Leave.class})
final class MembersCommand {

    static Member find(Workspace workspace, Project project, String email) {
        Email address = Email.parse(email);
        return workspace.members().list(project).stream().filter(m -> m.email().equals(address)).findFirst()
                .orElseThrow(() -> QodexException.notFound(address + " is not a member of " + project.slug() + "."));
    }

    @Command(name = "add", description = "Invite an address by mail (Admins); they join when they accept, and receive "
            + "the project key when an Admin confirms them.")
    static final class Add implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--as", paramLabel = "ACCOUNT", description = "Who acts (default: $QODEX_EMAIL, else the last account used).")
        String actor;

        @Option(names = "--project", paramLabel = "S")
        String project;

        @Option(names = "--email", required = true, paramLabel = "E", description = "The address to add or invite.")
        String member;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, member or viewer")
        String role;

        Add(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            // Here --email is the member to add; the account signing in comes from --as or QODEX_EMAIL.
            String target = member;
            Workspace workspace = context.signIn(actor);
            Project chosen = context.project(workspace, project);
            ProjectRole parsedRole = ProjectRole.parse(role);
            workspace.members().invite(chosen, target, parsedRole);
            Email address = Email.parse(target);
            context.out().println("Invited " + address + " to " + chosen.slug() + " as " + parsedRole.code()
                    + ": they join when they accept (qodex invitations accept " + chosen.slug() + ")"
                    + (parsedRole.holdsProjectKey() ? " and receive the key when an Admin confirms them "
                            + "(qodex members confirm)." : "."));
            context.relayMailAndTell();
            return 0;
        }
    }

    @Command(name = "list", description = "Members with role and key state.")
    static final class ListMembers implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Mixin
        JsonOption output;

        @Option(names = "--project", paramLabel = "S")
        String project;

        ListMembers(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Project chosen = context.project(workspace, project);
            Listing rows = Listing.of("EMAIL", "email", "ROLE", "role", "STATE", "state", "FINGERPRINT", "fingerprint");
            for (Member member : workspace.members().list(chosen)) {
                rows.row(member.email().value(), member.role().code(), member.state(),
                        member.fingerprint().map(Fingerprint::phrase));
            }
            rows.print(context, output.json, "");
            return 0;
        }
    }

    @Command(name = "confirm", description = "Confirm a member's key after comparing its fingerprint with the one "
            + "they read from qodex whoami (Admins); they receive the project key.")
    static final class Confirm implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--as", paramLabel = "ACCOUNT", description = "Who acts (default: $QODEX_EMAIL, else the last account used).")
        String actor;

        @Option(names = "--project", paramLabel = "S")
        String project;

        @Option(names = "--email", required = true, paramLabel = "E", description = "The member to confirm.")
        String member;

        @Option(names = "--fingerprint", paramLabel = "WORDS",
                description = "The eight words the member read to you; refused if they differ from their key's.")
        String fingerprint;

        Confirm(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(actor);
            Project chosen = context.project(workspace, project);
            Member found = find(workspace, chosen, member);
            compareFingerprint(context, found.email().value(), found.fingerprint(),
                    found.keyState() == Member.KeyState.KEY_CHANGED, fingerprint);
            Fingerprint confirmed = workspace.members().confirm(chosen, found);
            context.out().println("Confirmed " + found.email() + " in " + chosen.slug() + " (fingerprint: " + confirmed
                    + "). They hold the project key now.");
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a member or cancel an invitation (Admins); rotates the project key.")
    static final class Remove implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--as", paramLabel = "ACCOUNT", description = "Who acts (default: $QODEX_EMAIL, else the last account used).")
        String actor;

        @Option(names = "--project", paramLabel = "S")
        String project;

        @Option(names = "--email", required = true, paramLabel = "E", description = "The member.")
        String member;

        Remove(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            String target = member;
            Workspace workspace = context.signIn(actor);
            Project chosen = context.project(workspace, project);
            Member found = find(workspace, chosen, target);
            workspace.members().remove(chosen, found);
            context.out().println((found.invited() ? "Cancelled the invitation of " : "Removed ") + found.email()
                    + " from " + chosen.slug() + "." + (found.role().holdsProjectKey() && !found.invited()
                    ? " The project key was rotated." : ""));
            return 0;
        }
    }

    @Command(name = "role", description = "Change a member's role (Admins).")
    static final class Role implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--as", paramLabel = "ACCOUNT", description = "Who acts (default: $QODEX_EMAIL, else the last account used).")
        String actor;

        @Option(names = "--project", paramLabel = "S")
        String project;

        @Option(names = "--email", required = true, paramLabel = "E", description = "The member.")
        String member;

        @Option(names = "--role", required = true, paramLabel = "ROLE")
        String role;

        Role(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            String target = member;
            Workspace workspace = context.signIn(actor);
            Project chosen = context.project(workspace, project);
            ProjectRole parsed = ProjectRole.parse(role);
            workspace.members().changeRole(chosen, find(workspace, chosen, target), parsed);
            context.out().println(Email.parse(target) + " is now " + parsed.code() + " in " + chosen.slug() + ".");
            return 0;
        }
    }

    @Command(name = "leave", description = "Leave a project.")
    static final class Leave implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--project", paramLabel = "S")
        String project;

        Leave(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Project chosen = context.project(workspace, project);
            workspace.members().leave(chosen);
            context.out().println("You left " + chosen.slug() + ".");
            return 0;
        }
    }

    /**
     * Before giving someone a key (a project's or the organization's): the fingerprint given must match the listed
     * one; without one, a console asks whether it matches what the person read out, and a script is warned, or
     * refused outright when the key CHANGED since it was confirmed (a replaced key is never taken blind).
     */
    static void compareFingerprint(CliContext context, String email, Optional<Fingerprint> listed, boolean keyChanged,
                                   String given) {
        if (given != null && !listed.map(f -> f.matches(given)).orElse(false)) {
            throw QodexException.integrity("The fingerprint of " + email + "'s key is \""
                    + listed.map(Fingerprint::phrase).orElse("(none yet)") + "\", not the one given: not confirmed. "
                    + "Ask them to read it again from qodex whoami.");
        }
        if (given == null) {
            String phrase = listed.map(Fingerprint::phrase).orElse("(none yet)");
            java.io.Console console = System.console();
            if (console == null && keyChanged) {
                throw QodexException.integrity("The key of " + email + " CHANGED since it was confirmed: not confirmed "
                        + "without --fingerprint. Ask them to read the words from qodex whoami and pass them with "
                        + "--fingerprint.");
            }
            if (console != null) {
                String answer = console.readLine("Fingerprint of %s: %s%nDoes it match what they read to you from "
                        + "qodex whoami? [y/N] ", email, phrase);
                if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                    throw QodexException.invalid("Not confirmed.");
                }
            } else {
                context.warn("confirming " + email + " without comparing fingerprints (--fingerprint): " + phrase);
            }
        }
        if (keyChanged) {
            context.err().println("qodex: warning: the key of " + email + " CHANGED since it was confirmed; confirm "
                    + "only if they reset their password.");
        }
    }
}
