package io.qodex.domain.account;

/** One organization the signed-in user belongs to, with their role in it. */
public record OrgMembership(long orgId, String slug, String name, OrgRole role) {

    public boolean admin() {
        return role == OrgRole.ADMIN;
    }
}
