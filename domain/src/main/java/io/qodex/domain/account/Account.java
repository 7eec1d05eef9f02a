package io.qodex.domain.account;

/**
 * The signed-in user as the database knows them, with their organizations and the current one
 * ({@link #organizations()}). {@link #orgId()} is 0 and {@link #orgRole()} {@link OrgRole#NONE} while they belong to
 * none.
 */
public record Account(long userId, Email email, String roleName, boolean verified, Organizations organizations) {

    public long orgId() {
        return organizations.current().map(OrgMembership::orgId).orElse(0L);
    }

    public OrgRole orgRole() {
        return organizations.current().map(OrgMembership::role).orElse(OrgRole.NONE);
    }
}
