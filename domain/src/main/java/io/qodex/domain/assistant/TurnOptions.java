package io.qodex.domain.assistant;

import java.util.Optional;

/** The model (default: the configured one) and the output limit of one assistant turn. */
public record TurnOptions(Optional<String> model, int maxOutputTokens) {

    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 1024;

    public static TurnOptions defaults() {
        return new TurnOptions(Optional.empty(), DEFAULT_MAX_OUTPUT_TOKENS);
    }
}
