package io.qodex.domain.account;

/**
 * A user's role in an organization (decision 0030): org admins manage its members, see its spend, set its caps, prices
 * and platform key. {@link #NONE} is the role of a signed-in user who belongs to no organization yet.
 */
public enum OrgRole {
    ADMIN,
    MEMBER,
    NONE
}
