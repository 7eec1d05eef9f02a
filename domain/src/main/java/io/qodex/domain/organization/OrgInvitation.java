package io.qodex.domain.organization;

import io.qodex.domain.account.OrgRole;
import java.time.Instant;

/** An invitation to an organization addressed to the signed-in user. */
public record OrgInvitation(long orgId, String slug, String name, OrgRole role, String invitedBy, Instant invitedAt) {
}
