package io.qodex.domain.llm;

/**
 * Tokens of one call as the provider counts them: {@code input} is the whole prompt, of which {@code cached} were
 * served from the provider's prompt cache (OpenAI's prompt_tokens and prompt_tokens_details.cached_tokens).
 */
public record TokenUsage(long input, long output, long cached) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage {
        if (input < 0 || output < 0 || cached < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        if (cached > input) {
            cached = input; // a provider never caches more than the prompt; keep the invariant the price relies on
        }
    }

    public long uncachedInput() {
        return input - cached;
    }

    public long total() {
        return input + output;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(input + other.input, output + other.output, cached + other.cached);
    }
}
