package io.qodex.domain.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How fresh a stored session is, from its capture time and the earliest cookie expiry: what the profile shows as
 * "no session", "fresh", "expires in …" (less than {@link #SOON} left) or "expired". A session whose cookies carry
 * no expiry counts as fresh: only "Check session" can tell whether the site still accepts it.
 */
public sealed interface SessionFreshness {

    /** Below this much time left, the profile shows "expires in …". */
    Duration SOON = Duration.ofHours(24);

    record NoSession() implements SessionFreshness {
        @Override
        public String label() {
            return "no session";
        }
    }

    record Fresh(Instant capturedAt, Optional<Instant> expiresAt) implements SessionFreshness {
        @Override
        public String label() {
            return "fresh";
        }
    }

    record ExpiresSoon(Instant capturedAt, Instant expiresAt, Duration left) implements SessionFreshness {
        @Override
        public String label() {
            return "expires in " + humanize(left);
        }
    }

    record Expired(Instant capturedAt, Instant expiredAt) implements SessionFreshness {
        @Override
        public String label() {
            return "expired";
        }
    }

    /** "fresh", "expires in 3 h 20 min", "expired" or "no session". */
    String label();

    static SessionFreshness of(Optional<Instant> capturedAt, Optional<Instant> expiresAt, Instant now) {
        if (capturedAt.isEmpty()) {
            return new NoSession();
        }
        if (expiresAt.isEmpty()) {
            return new Fresh(capturedAt.get(), expiresAt);
        }
        Instant expiry = expiresAt.get();
        if (!expiry.isAfter(now)) {
            return new Expired(capturedAt.get(), expiry);
        }
        Duration left = Duration.between(now, expiry);
        return left.compareTo(SOON) < 0 ? new ExpiresSoon(capturedAt.get(), expiry, left) : new Fresh(capturedAt.get(), expiresAt);
    }

    /** Whether a session in this state must be captured again before use: none, expired, or expiring within the margin. */
    default boolean needsRecapture(Duration margin) {
        if (this instanceof NoSession || this instanceof Expired) {
            return true;
        }
        return this instanceof ExpiresSoon soon && soon.left().compareTo(margin) <= 0;
    }

    /** "45 s", "12 min", "3 h 20 min". */
    static String humanize(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        long rest = minutes % 60;
        return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
    }
}
