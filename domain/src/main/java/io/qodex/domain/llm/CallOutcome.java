package io.qodex.domain.llm;

import io.qodex.domain.common.QodexException;
import java.util.Locale;

/** How an LLM call ended, as {@code llm_usage_log.outcome} spells it. */
public enum CallOutcome {
    OK,
    ERROR,
    TIMEOUT,
    RATE_LIMITED,
    AUTH_FAILED,
    BUDGET_EXCEEDED,
    CANCELLED,
    /** Refused before reaching the provider for another reason than the caps: no key, no price for the model. */
    REFUSED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallOutcome parse(String code) {
        String normalized = code == null ? "" : code.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (CallOutcome outcome : values()) {
            if (outcome.name().equals(normalized)) {
                return outcome;
            }
        }
        throw QodexException.invalid("outcome", "Unknown outcome \"" + code + "\": use one of ok, error, timeout, "
                + "rate_limited, auth_failed, budget_exceeded, cancelled, refused.");
    }
}
