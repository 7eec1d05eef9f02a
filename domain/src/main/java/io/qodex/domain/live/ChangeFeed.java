package io.qodex.domain.live;

import java.util.function.Consumer;

/**
 * The changes the database announces, for one signed-in user's client (port; PostgreSQL LISTEN/NOTIFY). Listeners
 * run on the feed's own thread: hand work to the UI thread yourself and return quickly.
 */
public interface ChangeFeed {

    /** Starts listening if needed; closing the returned handle stops this listener. */
    Subscription subscribe(Consumer<Change> listener);

    /** A listener's registration. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
