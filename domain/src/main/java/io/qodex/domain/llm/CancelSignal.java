package io.qodex.domain.llm;

import java.util.ArrayList;
import java.util.List;

/** Cancellation of one call: the adapter registers how to abort what it is doing; cancelling runs those hooks once. */
public final class CancelSignal {

    private final List<Runnable> hooks = new ArrayList<>();
    private boolean cancelled;

    /** Runs {@code hook} on cancellation (at once if already cancelled). */
    public void onCancel(Runnable hook) {
        boolean now;
        synchronized (this) {
            now = cancelled;
            if (!now) {
                hooks.add(hook);
            }
        }
        if (now) {
            hook.run();
        }
    }

    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(hooks);
            hooks.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }
}
