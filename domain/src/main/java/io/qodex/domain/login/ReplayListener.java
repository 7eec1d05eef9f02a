package io.qodex.domain.login;

import java.time.Duration;

/**
 * Hears a replay or check live, on the browser's thread: must return quickly and not throw (hand over to the UI
 * thread). Log lines and step descriptions show templates ({@code ${authPassword}}), never resolved values.
 */
public interface ReplayListener {

    default void stepStarted(int index, LoginStep step) {
    }

    default void stepSucceeded(int index, LoginStep step, Duration took) {
    }

    default void log(String line) {
    }

    static ReplayListener ignore() {
        return new ReplayListener() { };
    }
}
