package io.qodex.domain.scenario;

import io.qodex.domain.llm.CancelSignal;
import java.util.Optional;

/**
 * Holds the requests to one environment to its rate as the server counts it: a request may start only while fewer
 * than {@code rate} requests are in flight or finished less than a second ago. Every request arrives at the server
 * after it starts and before it finishes, so no one-second window at the server holds more than {@code rate} of them,
 * however the network delays each (decision 23). {@link RequestPacer} paces one process; the app's file pacer paces
 * every process of a computer that shares its QODEX_HOME.
 */
public interface Pacer {

    /** A started request; {@link #close()} when its answer is in (or it failed). */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits until a request may start; empty when {@code cancel} fires first. */
    Optional<Permit> acquire(CancelSignal cancel);

    /** The pacer of each environment (port). */
    @FunctionalInterface
    interface Source {
        Pacer of(io.qodex.domain.environment.EnvironmentSummary environment);
    }
}
