package io.qodex.domain.member;

import io.qodex.domain.account.Email;
import io.qodex.domain.project.ProjectRole;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * A project member, or an invitation not yet accepted (no user id). "Waiting for key": an Admin or Member the
 * project key has not been wrapped for yet (invited before sign-up, or reset their password).
 */
public record Member(OptionalLong userId, Email email, ProjectRole role, Instant since, boolean invited,
                     boolean waitingForKey) {

    public String state() {
        if (invited) {
            return "invited";
        }
        return waitingForKey ? "waiting for key" : "active";
    }
}
