package io.qodex.domain.environment;

/**
 * A resolved template: {@code value} is what is sent (it may contain secrets: keep it local and short-lived),
 * {@code masked} is what may be shown. {@link #toString()} is the masked form.
 */
public record ResolvedText(String value, String masked, boolean usesSecret) {

    @Override
    public String toString() {
        return masked;
    }
}
