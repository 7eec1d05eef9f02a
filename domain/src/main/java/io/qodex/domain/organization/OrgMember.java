package io.qodex.domain.organization;

import io.qodex.domain.account.OrgRole;

/** A member of an organization (or an open invitation to it), as its admins see them. */
public record OrgMember(String email, OrgRole role, boolean invited, boolean holdsKey) {
}
