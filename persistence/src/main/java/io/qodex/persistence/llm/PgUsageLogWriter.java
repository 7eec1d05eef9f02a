package io.qodex.persistence.llm;

import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.TokenUsage;
import io.qodex.domain.llm.UsageLog;
import io.qodex.domain.llm.UsageRecord;
import io.qodex.domain.llm.UsageSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage log's writer: {@link #record} only queues; one background thread writes whatever has queued up with one
 * call of {@code record_llm_usage(arrays)} (one round trip, one run of the rollup trigger per batch; the database
 * stamps time and user and computes each cost). When the database cannot be reached, batches go to the spool file
 * (fsync'd) and are written once it is back; the idempotency key makes a replayed row land once. Rows the database
 * refuses for good (e.g. the user left the project) are set aside in {@code rejected-u<id>.tsv} and logged.
 */
public final class PgUsageLogWriter implements UsageLog {

    private static final Logger LOG = LoggerFactory.getLogger(PgUsageLogWriter.class);
    static final int BATCH = 5_000;
    private static final int QUEUE = 100_000;
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    /**
     * The database records calls only through this function: it stamps the time, the user and the organization and
     * computes the cost from the price table (a client cannot write a cost or a date), skipping calls already recorded.
     */
    private static final String RECORD = "select record_llm_usage(?::uuid[], ?::bigint[], ?::text[], ?::text[], "
            + "?::text[], ?::text[], ?::int[], ?::int[], ?::int[], ?::int[], ?::text[], ?::text[])";

    /** Put in the queue to wake the flusher when closing; never written. */
    private static final UsageRecord WAKE_UP = new UsageRecord(new UUID(0, 0), 0, 0, LlmProvider.OPENAI, "-",
            UsageSource.ASSISTANT, Funding.BYOK, TokenUsage.NONE, Duration.ZERO, CallOutcome.OK, Money.ZERO,
            Optional.empty(), Instant.EPOCH);

    private final DataSource pool;
    private final UsageSpool spool;
    private final BlockingQueue<UsageRecord> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Set<UUID> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Object progress = new Object();
    private final Thread flusher;
    private volatile boolean closing;
    private long lastReplayAttempt;

    /**
     * @param pool           the signed-in user's connections (row-level security: rows of this user only)
     * @param spoolDirectory {@code $QODEX_HOME/spool}
     */
    public PgUsageLogWriter(DataSource pool, long userId, Path spoolDirectory) {
        this.pool = pool;
        this.spool = new UsageSpool(spoolDirectory, userId);
        spool.refresh(); // rows left by an earlier run are written first
        this.flusher = new Thread(this::run, "qodex-usage-writer");
        flusher.setDaemon(true);
        flusher.start();
    }

    @Override
    public void record(UsageRecord row) {
        outstanding.add(row.callId());
        recorded.incrementAndGet();
        if (closing || !queue.offer(row)) {
            // far behind (or shutting down): keep the row safe on disk rather than wait
            try {
                spool.append(List.of(row));
                spooled.incrementAndGet();
            } catch (IOException e) {
                LOG.error("A usage row could not be queued nor spooled; call {} is missing from the log", row.callId(), e);
                outstanding.remove(row.callId());
            }
            done(1);
        }
    }

    @Override
    public void flush() {
        long target = recorded.get();
        synchronized (progress) {
            while (handled.get() < target && flusher.isAlive()) {
                try {
                    progress.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Waits until every recorded row is in the database (spool replayed), up to {@code timeout}; true if so. */
    public boolean awaitStored(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        flush();
        while (pending() > 0 && System.nanoTime() < deadline) {
            synchronized (progress) {
                try {
                    progress.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return pending() == 0;
    }

    @Override
    public long pending() {
        return outstanding.size();
    }

    /** Rows of this writer written to the database so far (directly or from the spool). */
    public long stored() {
        return stored.get();
    }

    /** Rows left in the spool by an earlier writer of the same user and written by this one. */
    public long recovered() {
        return recovered.get();
    }

    /** Rows that went through the spool file at least once. */
    public long spooled() {
        return spooled.get();
    }

    public Path spoolFile() {
        return spool.ownFile();
    }

    @Override
    public void close() {
        closing = true; // the flusher writes what is queued and ends
        queue.offer(WAKE_UP);
        try {
            flusher.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<UsageRecord> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(WAKE_UP);
        if (!left.isEmpty()) { // the flusher did not finish in time: keep the rest on disk
            toSpool(left);
            done(left.size());
        }
        spool.close();
    }

    private void run() {
        List<UsageRecord> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                if (spool.dirty() && dueForReplay()) {
                    replay();
                }
                UsageRecord first = closing ? queue.poll() : queue.poll(RETRY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        if (spool.dirty()) {
                            replay(); // one last try, so that a clean exit leaves nothing behind
                        }
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                if (batch.remove(WAKE_UP) && batch.isEmpty()) {
                    continue;
                }
                write(batch);
                done(batch.size());
                batch.clear();
            } catch (InterruptedException e) {
                if (!closing) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (RuntimeException e) {
                LOG.error("The usage writer failed; keeping {} row(s) in the spool", batch.size(), e);
                toSpool(batch);
                done(batch.size());
                batch.clear();
            }
        }
    }

    private boolean dueForReplay() {
        return closing || System.nanoTime() - lastReplayAttempt >= RETRY_EVERY.toNanos();
    }

    /** Where rows being written come from: the queue, this writer's spool file, or a file left by an earlier writer. */
    private enum Origin {
        QUEUE,
        OWN_SPOOL,
        ORPHAN_SPOOL
    }

    /** Writes a batch; while older rows wait in the spool, new ones join them there so that order is kept simple. */
    private void write(List<UsageRecord> batch) {
        if (spool.dirty()) {
            toSpool(batch);
            return;
        }
        try {
            writeChunk(batch, Origin.QUEUE);
        } catch (SQLException e) {
            LOG.warn("The database is unreachable ({}); spooling usage rows to {} until it is back",
                    firstLine(e.getMessage()), spool.ownFile());
            toSpool(batch);
        }
    }

    private void replay() {
        lastReplayAttempt = System.nanoTime();
        List<UsageSpool.Claim> claims;
        try {
            claims = spool.claims();
        } catch (IOException e) {
            LOG.warn("Cannot read the usage spool: {}", e.getMessage());
            return;
        }
        boolean all = true;
        for (UsageSpool.Claim claim : claims) {
            if (!all) {
                claim.keep();
                continue;
            }
            try {
                List<UsageRecord> rows = claim.rows();
                for (int from = 0; from < rows.size(); from += BATCH) {
                    writeChunk(rows.subList(from, Math.min(rows.size(), from + BATCH)),
                            claim.own() ? Origin.OWN_SPOOL : Origin.ORPHAN_SPOOL);
                }
                claim.done();
            } catch (SQLException | IOException e) {
                // on conflict do nothing: the chunks already written are skipped on the next attempt
                all = false;
                claim.keep();
                LOG.debug("Replaying the usage spool failed: {}", e.getMessage());
            }
        }
        if (all) {
            spool.refresh();
            if (!claims.isEmpty()) {
                LOG.info("Wrote the spooled usage rows to the database");
            }
            signal();
        }
    }

    /**
     * Inserts rows in one statement. If the database refuses them for good, inserts them one by one and sets the
     * refused ones aside. Throws when the database cannot be reached (the caller keeps the rows).
     */
    private void writeChunk(List<UsageRecord> rows, Origin origin) throws SQLException {
        try {
            insert(rows);
            confirm(rows, origin);
            return;
        } catch (SQLException e) {
            if (!permanent(e)) {
                throw e;
            }
        }
        List<UsageRecord> refused = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            UsageRecord row = rows.get(i);
            try {
                insert(List.of(row));
                confirm(List.of(row), origin);
            } catch (SQLException e) {
                if (!permanent(e)) {
                    setAside(refused, origin);
                    if (origin == Origin.QUEUE) {
                        toSpool(rows.subList(i, rows.size()));
                        return;
                    }
                    throw e; // the spool file is kept; the rows written meanwhile are skipped next time
                }
                LOG.warn("The database refused the usage row of call {} for good: {}", row.callId(), firstLine(e.getMessage()));
                refused.add(row);
            }
        }
        setAside(refused, origin);
    }

    /** The rows are in the database (written now, or earlier: "on conflict do nothing" skipped them). */
    private void confirm(List<UsageRecord> rows, Origin origin) {
        for (UsageRecord row : rows) {
            if (outstanding.remove(row.callId())) {
                stored.incrementAndGet();
            } else if (origin == Origin.ORPHAN_SPOOL) {
                recovered.incrementAndGet();
            }
        }
    }

    private void setAside(List<UsageRecord> refused, Origin origin) {
        if (refused.isEmpty()) {
            return;
        }
        try {
            spool.reject(refused);
        } catch (IOException e) {
            LOG.error("Could not set aside {} refused usage row(s)", refused.size(), e);
        }
        for (UsageRecord row : refused) {
            if (outstanding.remove(row.callId())) {
                rejected.incrementAndGet();
            }
        }
        refused.clear();
    }

    private void insert(List<UsageRecord> rows) throws SQLException {
        int n = rows.size();
        UUID[] keys = new UUID[n];
        long[] projects = new long[n];
        String[] providers = new String[n];
        String[] models = new String[n];
        String[] sources = new String[n];
        String[] fundings = new String[n];
        int[] inputs = new int[n];
        int[] outputs = new int[n];
        int[] cached = new int[n];
        int[] latencies = new int[n];
        String[] outcomes = new String[n];
        String[] errors = new String[n];
        for (int i = 0; i < n; i++) {
            UsageRecord row = rows.get(i);
            keys[i] = row.callId();
            projects[i] = row.projectId();
            providers[i] = row.provider().code();
            models[i] = row.model();
            sources[i] = row.source().value();
            fundings[i] = row.funding().code();
            inputs[i] = clamp(row.tokens().input());
            outputs[i] = clamp(row.tokens().output());
            cached[i] = Math.min(clamp(row.tokens().cached()), inputs[i]);
            latencies[i] = clamp(row.latencyMillis());
            outcomes[i] = row.outcome().code();
            errors[i] = row.errorMessage().orElse(null);
        }
        try (Connection c = pool.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            PGConnection pg = c.unwrap(PGConnection.class);
            try (PreparedStatement p = c.prepareStatement(RECORD)) {
                // primitive arrays go to the server in binary
                Object[] columns = {keys, projects, providers, models, sources, fundings, inputs, outputs, cached,
                        latencies, outcomes, errors};
                String[] types = {"uuid", "int8", "text", "text", "text", "text", "int4", "int4", "int4", "int4", "text",
                        "text"};
                List<Array> arrays = new ArrayList<>(columns.length);
                try {
                    for (int i = 0; i < columns.length; i++) {
                        Array array = pg.createArrayOf(types[i], columns[i]);
                        arrays.add(array);
                        p.setArray(i + 1, array);
                    }
                    p.execute();
                } finally {
                    for (Array array : arrays) {
                        array.free();
                    }
                }
            }
        }
    }

    private void toSpool(List<UsageRecord> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            spool.append(rows);
            spooled.addAndGet(rows.size());
        } catch (IOException e) {
            LOG.error("{} usage row(s) could not be spooled to {}; they are missing from the log", rows.size(),
                    spool.ownFile(), e);
            rows.forEach(row -> outstanding.remove(row.callId()));
            rejected.addAndGet(rows.size());
        }
    }

    private void done(int rows) {
        handled.addAndGet(rows);
        signal();
    }

    private void signal() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Errors that a retry will not cure: bad data, integrity, permissions, our QX002 (not a member) and QX005. */
    static boolean permanent(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("22") || state.startsWith("23") || state.equals("42501") || state.equals("QX002")
                || state.equals("QX005");
    }

    private static int clamp(long value) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, value));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
