package io.qodex.domain.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One row of the usage log: exactly one per LLM call, whatever happened (F10). The call id is the idempotency key
 * (and, for platform-funded calls, the id of the cap reservation the row replaces).
 */
public record UsageRecord(UUID callId, long projectId, long userId, LlmProvider provider, String model, UsageSource source,
                          Funding funding, TokenUsage tokens, Duration latency, CallOutcome outcome, Money cost,
                          Optional<String> errorMessage, Instant createdAt) {

    /** The longest error message kept in the log. */
    public static final int MAX_ERROR_LENGTH = 500;

    public UsageRecord {
        if (model.isBlank() || model.length() > 200) {
            throw new IllegalArgumentException("a usage row needs a model name of 1-200 characters");
        }
        errorMessage = errorMessage.map(UsageRecord::clip);
        createdAt = createdAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS); // the database's precision
    }

    public long latencyMillis() {
        return Math.min(Integer.MAX_VALUE, Math.max(0, latency.toMillis()));
    }

    private static String clip(String message) {
        String redacted = KeyRedaction.redact(message);
        return redacted.length() <= MAX_ERROR_LENGTH ? redacted : redacted.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
