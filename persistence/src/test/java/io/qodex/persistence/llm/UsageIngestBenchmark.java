package io.qodex.persistence.llm;

import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.UsageRecord;
import io.qodex.persistence.session.DataSources;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Usage-log ingest through the real writer (F10, goal ≥ 100k rows/s): batches of up to 5,000 rows as one
 * {@code insert … select from unnest(arrays) on conflict do nothing} over the user's own login (row-level security
 * checked), with the statement-level rollup trigger. Prints; never asserts.
 */
class UsageIngestBenchmark {

    private static final int ROWS = 400_000;

    @Test
    void rowsPerSecond() throws Exception {
        TestDatabase db = TestPostgres.freshDatabase();
        LlmFixture.user(db, "admin@example.test");
        DataSource desk = pool(db, "desk@example.test");
        long deskId = LlmFixture.userId(desk);
        List<Long> few = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            few.add(LlmFixture.createProject(desk, "desk-" + i));
        }
        DataSource busy = pool(db, "busy@example.test");
        long busyId = LlmFixture.userId(busy);
        List<Long> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(LlmFixture.createProject(busy, "busy-" + i));
        }
        System.out.printf("rows per run: %,d; batches of up to %,d rows; 2 cores shared with other builds%n", ROWS,
                PgUsageLogWriter.BATCH);
        calibrate(db);
        run(db, desk, deskId, "one desktop: 3 projects, calls of the last hour", rows(few, deskId, 1, 1));
        run(db, desk, deskId, "same, log now 400k rows", rows(few, deskId, 1, 5));
        calibrate(db);
        run(db, busy, busyId, "worst case: member of 1,000 projects, rows over all, 30 days", rows(many, busyId, 30, 2));
        LlmFixture.execute(db.owner(), "alter table qodex.llm_usage_log disable trigger llm_usage_log_rollup");
        run(db, desk, deskId, "contrast: one desktop without the rollup trigger", rows(few, deskId, 1, 3));
        LlmFixture.execute(db.owner(), "alter table qodex.llm_usage_log enable trigger llm_usage_log_rollup");
        calibrate(db);
    }

    /** How fast this machine is right now: the server alone inserting generated rows into an index-less copy. */
    private static void calibrate(TestDatabase db) throws Exception {
        try (var c = db.owner().getConnection(); var s = c.createStatement()) {
            s.execute("create table qodex.ingest_calibration as select * from qodex.llm_usage_log where false");
            long start = System.nanoTime();
            s.execute("insert into qodex.ingest_calibration (idempotency_key, project_id, org_id, user_id, provider, model, "
                    + "source, funding, outcome, cost_micros, created_at) select gen_random_uuid(), 1, 1, 1, 'openai', "
                    + "'gpt-4o', 'assistant', 'platform', 'ok', i, now() from generate_series(1, 200000) i");
            System.out.printf("%-55s %,10.0f rows/s%n", "calibration: server-side insert, no index, no trigger",
                    200_000 / ((System.nanoTime() - start) / 1e9));
            s.execute("drop table qodex.ingest_calibration");
            long project = LlmFixture.single(db.owner(), "select min(id) from qodex.projects");
            long user = LlmFixture.single(db.owner(), "select min(id) from qodex.users");
            start = System.nanoTime();
            s.execute("insert into qodex.llm_usage_log (idempotency_key, project_id, org_id, user_id, provider, model, "
                    + "source, funding, outcome, cost_micros, created_at) select ('00000000-0000-7000-8000-' || "
                    + "lpad(to_hex(i + (select count(*) from qodex.llm_usage_log) + 1000000000), 12, '0'))::uuid, "
                    + project + ", (select org_id from qodex.projects where id = " + project + "), " + user + ", 'openai', "
                    + "(array['gpt-4o', 'gpt-4o-mini'])[i % 2 + 1], 'assistant', 'platform', 'ok', i, now() - (i % 3600) "
                    + "* interval '1 second' from generate_series(1, 100000) i");
            System.out.printf("%-55s %,10.0f rows/s%n", "server-side insert into the usage log (indexes, trigger)",
                    100_000 / ((System.nanoTime() - start) / 1e9));
        }
    }

    private static DataSource pool(TestDatabase db, String email) {
        String role = ((org.postgresql.ds.PGSimpleDataSource) LlmFixture.user(db, email)).getUser();
        return DataSources.pooled((org.postgresql.ds.PGSimpleDataSource) db.as(role,
                io.qodex.persistence.testing.TestAccounts.PASSWORD), "bench", 4);
    }

    private static void run(TestDatabase db, DataSource pool, long userId, String label, List<UsageRecord> rows)
            throws Exception {
        long before = LlmFixture.single(db.owner(), "select count(*) from qodex.llm_usage_log");
        long start;
        long elapsed;
        try (PgUsageLogWriter writer = new PgUsageLogWriter(pool, userId, Files.createTempDirectory("spool"))) {
            start = System.nanoTime();
            for (int from = 0; from < rows.size(); from += 50_000) {
                rows.subList(from, Math.min(rows.size(), from + 50_000)).forEach(writer::record);
                writer.flush(); // keep the queue below its bound so that nothing overflows to the spool
            }
            if (!writer.awaitStored(Duration.ofMinutes(10)) || writer.spooled() > 0) {
                throw new IllegalStateException("rows were spooled; the run does not measure ingest");
            }
            elapsed = System.nanoTime() - start;
        }
        long after = LlmFixture.single(db.owner(), "select count(*) from qodex.llm_usage_log");
        if (after - before != rows.size()) {
            throw new IllegalStateException("expected " + rows.size() + " new rows, found " + (after - before));
        }
        System.out.printf("%-55s %,10.0f rows/s  (%,d rows in %.2f s)%n", label, rows.size() / (elapsed / 1e9), rows.size(),
                elapsed / 1e9);
    }

    private static List<UsageRecord> rows(List<Long> projects, long userId, int days, long seed) {
        Random random = new Random(seed);
        String[] models = {"gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-5-mini"};
        String[] sources = {"assistant", "cli-ask", "byok-validate"};
        CallOutcome[] outcomes = CallOutcome.values();
        Funding[] fundings = Funding.values();
        Instant now = Instant.now();
        List<UsageRecord> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            rows.add(LlmFixture.record(projects.get(random.nextInt(projects.size())), userId, models[random.nextInt(4)],
                    sources[random.nextInt(3)], fundings[random.nextInt(3)],
                    random.nextInt(20) == 0 ? outcomes[random.nextInt(outcomes.length)] : CallOutcome.OK,
                    random.nextInt(4000), random.nextInt(1000), random.nextInt(500), random.nextInt(20_000),
                    now.minusSeconds(random.nextInt(days * 86_400 - 60) + 1)));
        }
        return rows;
    }
}
