package io.qodex.domain.live;

import java.util.function.Consumer;

/** Live refresh: notifications of others' changes, with reconnection. Listeners are called on the feed's thread. */
public interface ChangeFeed extends AutoCloseable {

    /**
     * Starts listening. {@code changes} hears each change; {@code states} hears connection state changes. After a
     * reconnection {@code states} hears {@link FeedState.Connected} again: refresh everything then.
     */
    void start(Consumer<Change> changes, Consumer<FeedState> states);

    @Override
    void close();
}
