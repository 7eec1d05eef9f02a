package io.qodex.domain.llm;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A call in flight: its id (the usage row's idempotency key), a way to stop it, and its result. */
public interface LlmCall {

    UUID id();

    /** Stops the call (the Stop button): the result becomes {@link LlmResult.Cancelled}, logged as cancelled. */
    void cancel();

    /** Completes once the call has ended and its usage row is queued; never completes exceptionally. */
    CompletableFuture<LlmResult> result();

    /** Blocks until the call ends (CLI, tests). */
    default LlmResult await() {
        try {
            return result().get();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            return result().getNow(null);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an LLM call result never fails", e);
        }
    }
}
