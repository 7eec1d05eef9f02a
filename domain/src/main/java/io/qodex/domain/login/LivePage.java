package io.qodex.domain.login;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A visible browser page kept open for the step editor: highlight what a selector matches, or let the operator click
 * an element and get its selector (the recorder's preference order). Open until {@link #close()} or the operator
 * closes the window; calls after that complete with 0 / empty.
 */
public interface LivePage {

    /** Highlights every element the selector matches (variables resolved); completes with how many there are. */
    CompletableFuture<Integer> highlight(String selector);

    /** Waits for the operator to click an element (the click does nothing else); completes with its selector. */
    CompletableFuture<Optional<String>> pickElement();

    /** Closes the window; returns at once. */
    void close();

    /** Completes when the window is gone, with why if it could not be opened. */
    CompletableFuture<Optional<String>> closed();
}
