package io.qodex.domain.organization;

import io.qodex.domain.account.Email;
import io.qodex.domain.account.OrgMembership;
import io.qodex.domain.account.OrgRole;
import java.util.List;

/** Organizations through the database's functions; the database refuses what the caller's role does not allow. */
public interface OrganizationRepository {

    /** The signed-in user's organizations, oldest first. */
    List<OrgMembership> mine();

    /** Creates an organization with the caller as its admin; returns its id. */
    long create(String name, String slug);

    /** Invites an address (the answer is the same whether it has an account). */
    void invite(long orgId, Email email, OrgRole role);

    /** Members and open invitations (admins of the organization only). */
    List<OrgMember> members(long orgId);

    /** Removes a member (or the caller: leaving) or withdraws an invitation; returns what was done. */
    String remove(long orgId, Email email);

    void changeRole(long orgId, Email email, OrgRole role);

    List<OrgInvitation> myInvitations();

    OrgRole accept(long orgId);

    void decline(long orgId);
}
