package io.qodex.domain.assistant;

import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.Money;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** One stored message; assistant answers carry their model, tokens and cost (shown under each message). */
public record ChatMessage(long id, long chatId, LlmMessage.Role role, String content, Optional<String> model,
                          OptionalLong inputTokens, OptionalLong outputTokens, Optional<Money> cost, Instant createdAt) {
}
