package io.qodex.domain.account;

/** A user's role in their organization (F2): org admins see org-wide spend, set caps and the platform key. */
public enum OrgRole {
    ADMIN,
    MEMBER
}
