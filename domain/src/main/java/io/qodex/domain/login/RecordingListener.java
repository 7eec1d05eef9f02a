package io.qodex.domain.login;

import java.util.List;

/**
 * Hears a recording live, on the browser's thread: must return quickly and not throw (hand over to the UI thread).
 */
@FunctionalInterface
public interface RecordingListener {

    /** The steps so far, each time one is added or merged (keystrokes into one field update its fill). */
    void stepsChanged(List<LoginStep> steps);

    static RecordingListener ignore() {
        return steps -> { };
    }
}
