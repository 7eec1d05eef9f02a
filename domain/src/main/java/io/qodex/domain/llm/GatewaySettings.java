package io.qodex.domain.llm;

import java.time.Duration;

/**
 * How the gateway talks to providers: the longest a whole call may take (each attempt), how often a failed attempt is
 * retried (429, 5xx, connection errors), and how long a reservation outlives that before it expires.
 */
public record GatewaySettings(Duration callTimeout, int maxRetries, Duration reservationSlack) {

    public static final GatewaySettings DEFAULT = new GatewaySettings(Duration.ofSeconds(120), 1, Duration.ofSeconds(60));

    public GatewaySettings {
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("the call timeout must be positive");
        }
        if (maxRetries < 0 || maxRetries > 5) {
            throw new IllegalArgumentException("retries must be 0 to 5");
        }
    }

    /** A reservation lives as long as the call can, plus the slack: then a crashed client's reservation expires. */
    public Duration reservationTtl() {
        return callTimeout.multipliedBy(maxRetries + 1L).plus(reservationSlack);
    }
}
