package io.qodex.domain.member;

import io.qodex.domain.account.Email;
import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.Fingerprint;
import io.qodex.domain.secret.KeyRing;
import io.qodex.domain.secret.KeyRoster;
import io.qodex.domain.secret.KeyScope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Members, roles and invitations. The database enforces who may do what; this service keeps the project key in step
 * and shares it only with people an Admin confirmed (docs/security.md, "Who receives keys").
 */
public final class MemberService {

    private final Account account;
    private final MemberRepository members;
    private final KeyRing keyRing;

    public MemberService(Account account, MemberRepository members, KeyRing keyRing) {
        this.account = account;
        this.members = members;
        this.keyRing = keyRing;
    }

    private MemberRepository repository() {
        return members;
    }

    /** Members with where each stands with the key, as the verified roster says. */
    public List<Member> list(Project project) {
        List<Member> members = repository().list(project.id());
        Map<Long, KeyRing.WaitReason> waiting = new HashMap<>();
        for (KeyRing.Waiting w : keyRing.waiting(KeyScope.PROJECT, project.id())) {
            waiting.put(w.candidate().userId(), w.reason());
        }
        return members.stream().map(m -> {
            if (m.invited() || m.userId().isEmpty()) {
                return m;
            }
            KeyRing.WaitReason reason = waiting.get(m.userId().getAsLong());
            if (reason == null) {
                return m;
            }
            return m.withKeyState(switch (reason) {
                case NEW -> Member.KeyState.WAITING_FOR_CONFIRMATION;
                case KEY_CHANGED -> Member.KeyState.KEY_CHANGED;
                case ROLE_CHANGED -> Member.KeyState.ROLE_CHANGE_WAITING;
                case NO_KEYS_YET -> Member.KeyState.WAITING_FOR_SIGN_IN;
            });
        }).toList();
    }

    /** Invites an address; they become a member when they accept, and receive the key when an Admin confirms them. */
    public void invite(Project project, String email, ProjectRole role) {
        repository().invite(project.id(), Email.parse(email), role);
    }

    /** Confirms a member after comparing their fingerprint; they receive the project key. Returns the fingerprint. */
    public Fingerprint confirm(Project project, Member member) {
        requireAdmin(project, "confirm members");
        long userId = member.userId().orElseThrow(() -> QodexException.invalid(
                member.email() + " has not accepted the invitation yet: there is nobody to confirm."));
        if (!member.role().holdsProjectKey()) {
            throw QodexException.invalid(member.email() + " is a Viewer: Viewers receive no key, so there is nothing to confirm.");
        }
        Fingerprint compared = member.fingerprint().orElseThrow(() -> QodexException.invalid(member.email()
                + " has not signed in since their account got a signing key: ask them to sign in once, then confirm."));
        return keyRing.confirm(KeyScope.PROJECT, project.id(), Map.of(userId, compared)).get(0);
    }

    /** Confirms every member waiting for it at once (one roster, one transaction); returns how many. */
    public int confirmAll(Project project, List<Member> members) {
        requireAdmin(project, "confirm members");
        Map<Long, Fingerprint> compared = new java.util.LinkedHashMap<>();
        members.stream().filter(Member::awaitsConfirmation).filter(m -> m.fingerprint().isPresent())
                .forEach(m -> compared.put(m.userId().getAsLong(), m.fingerprint().get()));
        return compared.isEmpty() ? 0 : keyRing.confirm(KeyScope.PROJECT, project.id(), compared).size();
    }

    public void changeRole(Project project, Member member, ProjectRole role) {
        long userId = member.userId().orElseThrow(() -> QodexException.invalid(
                "The invitation to " + member.email() + " is not accepted yet: cancel it and invite again."));
        if (role != ProjectRole.ADMIN) {
            keepAnAdminWithTheKey(project, userId, userId == account.userId() ? "You are" : member.email() + " is");
        }
        repository().changeRole(project.id(), userId, role);
        if (member.role().holdsProjectKey() && !role.holdsProjectKey()) {
            keyRing.rotate(project.id(), project.name(), OptionalLong.empty());
        } else if (member.role().holdsProjectKey() && role.holdsProjectKey()) {
            keyRing.changeRole(KeyScope.PROJECT, project.id(), userId,
                    role == ProjectRole.ADMIN ? KeyRoster.Role.ADMIN : KeyRoster.Role.MEMBER);
        }
        // A Viewer made Member or Admin waits for an Admin's confirmation like anyone new.
    }

    /** Removes a member; if they held the project key, the key is rotated in the same transaction. */
    public void remove(Project project, Member member) {
        if (member.invited()) {
            repository().cancelInvitation(project.id(), member.email());
            return;
        }
        long userId = member.userId().orElseThrow();
        if (userId == account.userId()) {
            leave(project);
            return;
        }
        if (member.role().holdsProjectKey() && project.myRole() == ProjectRole.ADMIN) {
            keyRing.rotate(project.id(), project.name(), OptionalLong.of(userId));
        } else {
            repository().remove(project.id(), userId);
        }
    }

    /** Leaves the project; an Admin's client rotates its key the next time it comes online. */
    public void leave(Project project) {
        keepAnAdminWithTheKey(project, account.userId(), "You are");
        repository().remove(project.id(), account.userId());
    }

    /**
     * Refuses to let the only Admin who holds the project key stop being one (leave, or lose the Admin role) while other
     * Admins are still waiting for the key: afterwards nobody could confirm them or rotate the key, the rotation the
     * change makes due would never happen, and no secret of the project could be read or written again. (With no
     * other Admin at all, the database refuses: a project keeps at least one Admin.)
     */
    private void keepAnAdminWithTheKey(Project project, long userId, String who) {
        if (project.myRole() != ProjectRole.ADMIN) {
            return; // a Member or Viewer leaving takes no Admin away; changing roles the database refuses them
        }
        List<Member> admins = list(project).stream()
                .filter(m -> !m.invited() && m.role() == ProjectRole.ADMIN && m.userId().isPresent()).toList();
        boolean holdsKey = admins.stream().anyMatch(m -> m.userId().getAsLong() == userId
                && m.keyState() == Member.KeyState.ACTIVE);
        List<Member> others = admins.stream().filter(m -> m.userId().getAsLong() != userId).toList();
        if (holdsKey && !others.isEmpty() && others.stream().noneMatch(m -> m.keyState() == Member.KeyState.ACTIVE)) {
            throw QodexException.notAllowed(who + " the only Admin of " + project.name() + " who holds its key: confirm "
                    + "another Admin first (qodex members confirm), or nobody could rotate the key and its secrets "
                    + "would be lost.");
        }
    }

    public List<Invitation> myInvitations() {
        return repository().myInvitations();
    }

    public ProjectRole accept(Invitation invitation) {
        return repository().accept(invitation.projectId());
    }

    public void decline(Invitation invitation) {
        repository().decline(invitation.projectId());
    }

    /** The invitation to the project with this slug, for the CLI. */
    public Invitation invitation(String slug) {
        return myInvitations().stream().filter(i -> i.slug().equals(slug)).findFirst()
                .orElseThrow(() -> QodexException.notFound("There is no invitation to \"" + slug + "\" for "
                        + account.email() + "."));
    }

    private static void requireAdmin(Project project, String what) {
        if (project.myRole() != ProjectRole.ADMIN) {
            throw QodexException.notAllowed("Only an Admin of " + project.name() + " can " + what + ".");
        }
    }
}
