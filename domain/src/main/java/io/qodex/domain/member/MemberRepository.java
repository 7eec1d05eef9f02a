package io.qodex.domain.member;

import io.qodex.domain.account.Email;
import io.qodex.domain.project.ProjectRole;
import java.util.List;

/** Project memberships through row-level security; the database refuses what the role does not allow. */
public interface MemberRepository {

    List<Member> list(long projectId);

    AddOutcome add(long projectId, Email email, ProjectRole role);

    void changeRole(long projectId, long userId, ProjectRole role);

    /** Removes a member (or the caller themselves: leaving). The last Admin can never go. */
    void remove(long projectId, long userId);

    void cancelInvitation(long projectId, Email email);
}
