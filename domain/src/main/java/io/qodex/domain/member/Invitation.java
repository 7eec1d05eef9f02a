package io.qodex.domain.member;

import io.qodex.domain.project.ProjectRole;
import java.time.Instant;

/** An invitation addressed to the signed-in user: which project, as what, from whom. */
public record Invitation(long projectId, String slug, String projectName, ProjectRole role, String invitedBy,
                         Instant invitedAt) {
}
