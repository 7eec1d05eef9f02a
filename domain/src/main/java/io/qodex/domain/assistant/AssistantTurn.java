package io.qodex.domain.assistant;

import io.qodex.domain.llm.LlmResult;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One question to the assistant in flight (the view model's handle): {@link #cancel()} is the Stop button; the result
 * carries the gateway's outcome and the stored answer (for a stopped call: the part that arrived, if any).
 */
public interface AssistantTurn {

    UUID callId();

    ChatMessage question();

    void cancel();

    CompletableFuture<Result> result();

    record Result(LlmResult call, Optional<ChatMessage> answer) {
    }
}
