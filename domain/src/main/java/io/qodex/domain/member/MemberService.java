package io.qodex.domain.member;

import io.qodex.domain.account.Email;
import io.qodex.domain.account.SignedIn;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.KeyRing;
import java.util.List;
import java.util.OptionalLong;

/** F4: members and roles. The database enforces who may do what; this service keeps the project key in step. */
public final class MemberService {

    private final SignedIn user;
    private final KeyRing keyRing;

    public MemberService(SignedIn user, KeyRing keyRing) {
        this.user = user;
        this.keyRing = keyRing;
    }

    private MemberRepository repository() {
        return user.session().members();
    }

    public List<Member> list(Project project) {
        return repository().list(project.id());
    }

    public AddOutcome add(Project project, String email, ProjectRole role) {
        AddOutcome outcome = repository().add(project.id(), Email.parse(email), role);
        if (outcome == AddOutcome.ADDED && role.holdsProjectKey()) {
            keyRing.shareWaitingKeys();
        }
        return outcome;
    }

    public void changeRole(Project project, Member member, ProjectRole role) {
        long userId = member.userId().orElseThrow(() -> QodexException.invalid(
                "The invitation to " + member.email() + " is not accepted yet: cancel it and invite again."));
        repository().changeRole(project.id(), userId, role);
        if (member.role().holdsProjectKey() && !role.holdsProjectKey()) {
            keyRing.rotate(refreshed(project), OptionalLong.empty());
        } else if (!member.role().holdsProjectKey() && role.holdsProjectKey()) {
            keyRing.shareWaitingKeys();
        }
    }

    /** Removes a member; if they held the project key, the key is rotated in the same transaction. */
    public void remove(Project project, Member member) {
        if (member.invited()) {
            repository().cancelInvitation(project.id(), member.email());
            return;
        }
        long userId = member.userId().orElseThrow();
        if (userId == user.account().userId()) {
            leave(project);
            return;
        }
        if (member.role().holdsProjectKey() && project.myRole() == ProjectRole.ADMIN) {
            keyRing.rotate(project, OptionalLong.of(userId));
        } else {
            repository().remove(project.id(), userId);
        }
    }

    /** Leaves the project; an Admin's client rotates its key the next time it comes online. */
    public void leave(Project project) {
        repository().remove(project.id(), user.account().userId());
    }

    private Project refreshed(Project project) {
        return user.session().projects().byId(project.id()).orElse(project);
    }
}
