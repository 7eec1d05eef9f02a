package io.qodex.domain.scenario;

import io.qodex.domain.llm.CancelSignal;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * A {@link Pacer} in this process's memory: a request may start only when, of the last {@code perSecond} started, the
 * oldest has <em>finished</em> at least a second ago (the same guarantee as the interface's rule).
 */
public final class RequestPacer implements Pacer {

    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final LongSupplier nanoTime;
    private final ArrayDeque<Permit> recent = new ArrayDeque<>();

    /** A started request; {@link #close()} when its answer is in (or it failed). */
    public final class Permit implements Pacer.Permit {
        private long finishedAt;
        private boolean finished;

        @Override
        public void close() {
            synchronized (RequestPacer.this) {
                if (!finished) {
                    finished = true;
                    finishedAt = nanoTime.getAsLong();
                    RequestPacer.this.notifyAll();
                }
            }
        }
    }

    public RequestPacer(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be positive");
        }
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    public RequestPacer(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    public int perSecond() {
        return perSecond;
    }

    @Override
    public java.util.Optional<Pacer.Permit> acquire(CancelSignal cancel) {
        Runnable wake = () -> {
            synchronized (this) {
                notifyAll();
            }
        };
        cancel.onCancel(wake);
        synchronized (this) {
            while (true) {
                if (cancel.cancelled()) {
                    return java.util.Optional.empty();
                }
                if (recent.size() < perSecond) {
                    Permit permit = new Permit();
                    recent.addLast(permit);
                    return java.util.Optional.<Pacer.Permit>of(permit);
                }
                Permit oldest = recent.peekFirst();
                long waitNanos = oldest.finished ? oldest.finishedAt + SECOND - nanoTime.getAsLong() : SECOND;
                if (oldest.finished && waitNanos <= 0) {
                    recent.removeFirst();
                    continue;
                }
                try {
                    wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return java.util.Optional.empty();
                }
            }
        }
    }
}
