package io.qodex.domain.llm;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tokens of a prompt before the provider has counted them, on the high side (one token per three UTF-8 bytes, English
 * text averages four, plus the per-message framing): what a cap reservation assumes, and what a cancelled call is
 * charged when the provider never reported its usage.
 */
public final class PromptEstimate {

    private static final int PER_MESSAGE = 4;
    private static final int PER_PROMPT = 3;

    private PromptEstimate() {
    }

    public static long tokens(List<LlmMessage> messages) {
        long tokens = PER_PROMPT;
        for (LlmMessage message : messages) {
            tokens += PER_MESSAGE + text(message.content());
        }
        return tokens;
    }

    public static long text(String text) {
        return (text.getBytes(StandardCharsets.UTF_8).length + 2) / 3;
    }
}
