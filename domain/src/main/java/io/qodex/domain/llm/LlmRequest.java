package io.qodex.domain.llm;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;
import java.util.List;

/** One LLM call a project makes through the gateway. */
public record LlmRequest(Project project, String model, List<LlmMessage> messages, int maxOutputTokens, UsageSource source) {

    public static final int MAX_OUTPUT_TOKENS = 128_000;

    public LlmRequest {
        model = model == null ? "" : model.strip();
        if (model.isEmpty() || model.length() > 100) {
            throw QodexException.invalid("model", "Name the model (e.g. gpt-4o-mini).");
        }
        if (messages.isEmpty()) {
            throw QodexException.invalid("messages", "An LLM call needs at least one message.");
        }
        if (maxOutputTokens < 1 || maxOutputTokens > MAX_OUTPUT_TOKENS) {
            throw QodexException.invalid("max-tokens", "The output limit is 1 to " + MAX_OUTPUT_TOKENS + " tokens ("
                    + maxOutputTokens + " given).");
        }
        messages = List.copyOf(messages);
    }
}
