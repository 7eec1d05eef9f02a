package io.qodex.domain.login;

import io.qodex.domain.common.QodexException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A browser job under way (recording, replay or check): its result, and {@link #stop()}: ends a recording keeping the
 * steps so far, or cancels a replay or check (whose result is then {@code Cancelled}). The result is completed on the
 * browser's thread: UI code continues on its own thread.
 */
public interface Running<T> {

    /** Asks the job to stop; returns at once. Idempotent. */
    void stop();

    /** Completes with the outcome; never completes exceptionally for browser or page problems (they are outcomes). */
    CompletableFuture<T> result();

    /**
     * Waits for the outcome. If the waiting thread is interrupted (a cancelled background task), the job is stopped
     * and its (cancelled) outcome returned, with the interrupt flag kept.
     */
    default T await() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result().get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop();
                }
            }
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof QodexException qodex) {
                throw qodex;
            }
            throw QodexException.unavailable("The browser job failed unexpectedly: " + cause.getMessage(), cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
