package io.qodex.domain.member;

import io.qodex.domain.account.Email;
import io.qodex.domain.project.ProjectRole;
import java.util.List;

/** Project memberships through row-level security; the database refuses what the role does not allow. */
public interface MemberRepository {

    /**
     * Members and invitations. Key states here are the database's view (holds a wrap of the current key or not);
     * {@link MemberService} refines them with the signed roster.
     */
    List<Member> list(long projectId);

    /** Invites an address (whether it has an account or not: the answer is the same). */
    void invite(long projectId, Email email, ProjectRole role);

    void changeRole(long projectId, long userId, ProjectRole role);

    /** Removes a member (or the caller themselves: leaving). The last Admin can never go. */
    void remove(long projectId, long userId);

    void cancelInvitation(long projectId, Email email);

    /** Invitations to the signed-in user's verified address. */
    List<Invitation> myInvitations();

    /** Accepts an invitation; returns the role it gave. */
    ProjectRole accept(long projectId);

    void decline(long projectId);
}
