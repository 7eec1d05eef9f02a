package io.qodex.domain.llm;

import io.qodex.domain.common.Secret;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A provider's streaming chat completion (port; the OpenAI SDK adapter lives in app). Blocks until the stream ends;
 * {@code cancel} lets the gateway stop it from another thread. Never logs the key.
 */
public interface ChatModelClient {

    Reply stream(Request request, Secret key, Consumer<String> deltas, CancelSignal cancel) throws ProviderFailure;

    /** What is sent to the provider. */
    record Request(LlmProvider provider, String model, List<LlmMessage> messages, int maxOutputTokens) {
    }

    /** The end of a stream: the final usage if the provider sent one, and why it stopped (e.g. "stop", "length"). */
    record Reply(Optional<TokenUsage> usage, String finishReason) {
    }

    /** Why a call failed, in the gateway's terms; the message is the provider's own (the gateway redacts keys). */
    final class ProviderFailure extends Exception {

        private static final long serialVersionUID = 1L;

        private final CallOutcome outcome;

        public ProviderFailure(CallOutcome outcome, String message, @Nullable Throwable cause) {
            super(message, cause);
            this.outcome = outcome;
        }

        public CallOutcome outcome() {
            return outcome;
        }
    }
}
