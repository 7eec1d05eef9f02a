package io.qodex.domain.login;

import io.qodex.domain.common.Secret;
import java.time.Instant;
import java.util.Optional;

/**
 * A session as kept for an auth profile (decrypted): the storageState JSON, when it was captured, when its earliest
 * cookie expires (if any cookie has an expiry) and the sniffed bearer token, if any. {@link #close()} wipes it.
 */
public record StoredSession(Secret storageState, Instant capturedAt, Optional<Instant> expiresAt,
                            Optional<Secret> bearerToken) implements AutoCloseable {

    public SessionFreshness freshness(Instant now) {
        return SessionFreshness.of(Optional.of(capturedAt), expiresAt, now);
    }

    @Override
    public void close() {
        storageState.close();
        bearerToken.ifPresent(Secret::close);
    }

    @Override
    public String toString() {
        return "StoredSession[capturedAt=" + capturedAt + ", expiresAt=" + expiresAt + ", bearerToken="
                + (bearerToken.isPresent() ? "****" : "none") + "]";
    }
}
