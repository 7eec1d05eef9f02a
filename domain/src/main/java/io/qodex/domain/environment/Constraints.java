package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import java.util.ArrayList;
import java.util.List;

/**
 * What tests may do against an environment (F6): {@code read_only} (no write verbs), a request rate cap, and
 * whether destructive or security tests are allowed.
 */
public record Constraints(boolean readOnly, int maxRequestsPerSecond, boolean allowDestructiveTests,
                          boolean allowSecurityTesting) {

    public static final int MIN_RPS = 1;
    public static final int MAX_RPS = 1000;

    public Constraints {
        String problem = rateProblem(maxRequestsPerSecond);
        if (problem != null) {
            throw QodexException.invalid("maxRequestsPerSecond", problem);
        }
    }

    /** Why the rate is not allowed, or null. */
    public static @org.jspecify.annotations.Nullable String rateProblem(long rate) {
        if (rate < MIN_RPS || rate > MAX_RPS) {
            return "The request rate must be between " + MIN_RPS + " and " + MAX_RPS + " per second (" + rate + " given).";
        }
        return null;
    }

    /** "read-only, 5 rps, no destructive tests, no security testing" */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(readOnly ? "read-only" : "writable");
        parts.add(maxRequestsPerSecond + " rps");
        parts.add(allowDestructiveTests ? "destructive tests allowed" : "no destructive tests");
        parts.add(allowSecurityTesting ? "security testing allowed" : "no security testing");
        return String.join(", ", parts);
    }
}
