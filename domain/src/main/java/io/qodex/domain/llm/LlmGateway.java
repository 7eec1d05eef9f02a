package io.qodex.domain.llm;

/**
 * Every LLM call goes through here (F10, port): picks the key (the project's BYOK, else the org's platform key),
 * admits platform-funded calls against the rolling caps, calls the provider (streaming), prices the usage and writes
 * exactly one usage row.
 */
public interface LlmGateway {

    /** Starts the call on a worker thread and returns at once; {@code listener} hears the answer as it streams. */
    LlmCall start(LlmRequest request, LlmListener listener);

    /** Calls and waits for the result. */
    default LlmResult call(LlmRequest request) {
        return start(request, LlmListener.NONE).await();
    }
}
