package io.qodex.app.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named daemon executors for work the FX thread must never wait on (database, network, crypto). Uncaught
 * failures are logged, never swallowed.
 */
public final class Background {

    private static final Logger LOG = LoggerFactory.getLogger(Background.class);
    private static final ExecutorService WORK = Executors.newCachedThreadPool(named("qodex-work"));
    private static final ExecutorService STATE = Executors.newSingleThreadExecutor(named("qodex-state"));

    private Background() {
    }

    /** The shared pool for database, network and crypto work started from the UI. */
    public static ExecutorService work() {
        return WORK;
    }

    /** One thread, in order: remembering what the window shows (the last write is the last thing chosen). */
    public static ExecutorService state() {
        return STATE;
    }

    public static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error("Uncaught failure on {}", t.getName(), e));
            return thread;
        };
    }
}
