package io.qodex.domain.apikey;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A key as listed: never its secret (only a verifier exists, in the database's own catalog). */
public record ApiKey(long id, String name, String prefix, Set<ApiKeyScope> scopes, String createdBy, Instant createdAt,
                     Optional<Instant> lastUsedAt, Instant expiresAt, Optional<Instant> revokedAt) {

    public enum State { ACTIVE, EXPIRED, REVOKED }

    public State state(Instant now) {
        if (revokedAt.isPresent()) {
            return State.REVOKED;
        }
        return expiresAt.isAfter(now) ? State.ACTIVE : State.EXPIRED;
    }
}
