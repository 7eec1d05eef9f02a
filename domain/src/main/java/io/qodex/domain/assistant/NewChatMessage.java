package io.qodex.domain.assistant;

import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.Money;
import java.util.Optional;
import java.util.OptionalLong;

/** A message to store. */
public record NewChatMessage(LlmMessage.Role role, String content, Optional<String> model, OptionalLong inputTokens,
                             OptionalLong outputTokens, Optional<Money> cost) {

    public static NewChatMessage fromUser(String content) {
        return new NewChatMessage(LlmMessage.Role.USER, content, Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty());
    }
}
