package io.qodex.domain.account;

/** The signed-in user as the database knows them. */
public record Account(long userId, Email email, String roleName, long orgId, OrgRole orgRole, boolean verified) {
}
