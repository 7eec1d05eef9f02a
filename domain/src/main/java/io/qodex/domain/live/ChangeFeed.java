package io.qodex.domain.live;

import java.util.function.Consumer;

/**
 * The changes the database announces, for one signed-in user's client (port; PostgreSQL LISTEN/NOTIFY), and the
 * state of the connection that carries them. Listeners run on the feed's own thread: hand work to the UI thread
 * yourself and return quickly. After a lost connection the feed reconnects and announces {@link Change#RESYNC}.
 */
public interface ChangeFeed {

    /** Starts listening if needed; closing the returned handle stops this listener. */
    Subscription subscribe(Consumer<Change> listener);

    /** Hears the connection state (for a status bar); told the current state at once. */
    Subscription watch(Consumer<FeedState> listener);

    /** A listener's registration. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
