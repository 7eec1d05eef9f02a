package io.qodex.domain.live;

/** The state of the live-refresh connection, for the status bar. */
public sealed interface FeedState {

    record Connected() implements FeedState {
    }

    /** Lost; the next attempt is in {@code retryInSeconds}. Notifications sent meanwhile are lost: refresh all after. */
    record Reconnecting(int attempt, long retryInSeconds, String reason) implements FeedState {
    }

    record Stopped() implements FeedState {
    }
}
