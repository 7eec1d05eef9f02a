package io.qodex.domain.llm;

/**
 * Where usage rows go (port). {@link #record} never blocks on the database: rows are queued, written in batches by a
 * background thread, spooled to a local file while the database is unreachable and written once it is back. Each
 * row is written exactly once (its call id is the idempotency key).
 */
public interface UsageLog extends AutoCloseable {

    void record(UsageRecord row);

    /** Waits until every row recorded so far is in the database or, if it is unreachable, in the spool file. */
    void flush();

    /** Rows recorded but not yet in the database (queued or spooled), for status displays and tests. */
    long pending();

    /** Flushes, then stops the background writer. */
    @Override
    void close();
}
