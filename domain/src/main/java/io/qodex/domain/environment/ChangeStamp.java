package io.qodex.domain.environment;

import java.time.Instant;
import java.util.Optional;

/** Who saved an environment last and when (stamped by the database, not by the client). */
public record ChangeStamp(Optional<String> byEmail, Instant at) {

    /** "olivia@example.com at 2026-11-26T10:15:00Z" */
    public String describe() {
        return byEmail.orElse("someone") + " at " + at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
}
