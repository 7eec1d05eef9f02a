package io.qodex.persistence.llm;

import static io.qodex.persistence.llm.LlmFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.UsageRecord;
import io.qodex.persistence.session.DataSources;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The usage-log writer and the rollups: batches land once, the rollups equal the raw log in every dimension, a
 * database that cannot be reached sends rows to the spool and a later writer delivers them, rows the database refuses
 * for good are set aside, and concurrent batches do not deadlock on the rollups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageLogWriterIT {

    private TestDatabase db;
    private DataSource member;
    private long memberId;
    private long project;

    @BeforeAll
    void setUp() throws SQLException {
        db = TestPostgres.freshDatabase();
        LlmFixture.user(db, "admin@example.test");
        member = LlmFixture.user(db, "writer@example.test");
        memberId = LlmFixture.userId(member);
        project = LlmFixture.createProject(member, "writer");
    }

    @AfterAll
    void tearDown() {
        db.close();
    }

    @Test
    void everyRowLandsOnceAndTheRollupsEqualTheLogInEveryDimension() throws Exception {
        Instant started = Instant.now().minusSeconds(1);
        long one = LlmFixture.createProject(member, "writer-one");
        long other = LlmFixture.createProject(member, "writer-two");
        List<UsageRecord> rows = new ArrayList<>(LlmFixture.rows(one, memberId, 12_000, 10, 1));
        rows.addAll(LlmFixture.rows(other, memberId, 3_000, 10, 2));
        Path spool = Files.createTempDirectory("spool");
        try (PgUsageLogWriter writer = new PgUsageLogWriter(member, memberId, spool)) {
            rows.forEach(writer::record);
            rows.subList(0, 500).forEach(writer::record); // a replayed row must not land twice
            assertThat(writer.awaitStored(Duration.ofSeconds(60))).isTrue();
            assertThat(writer.spooled()).isZero();
        }
        assertThat(single(db.owner(), "select count(*) from qodex.llm_usage_log where project_id in (?, ?)", one, other))
                .isEqualTo(15_000);
        DataSource owner = db.owner();
        assertSameRows(owner, "select project_id, (created_at at time zone 'UTC')::date, model, source, funding, user_id, outcome,"
                + " count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros) from qodex.llm_usage_log"
                + " group by 1, 2, 3, 4, 5, 6, 7", "select project_id, day, model, source, funding, user_id, outcome, calls,"
                + " input_tokens, output_tokens, cached_tokens, cost_micros from qodex.llm_usage_daily");
        assertSameRows(owner, "select project_id, date_trunc('hour', created_at, 'UTC'), funding, count(*), sum(cost_micros)"
                + " from qodex.llm_usage_log group by 1, 2, 3", "select project_id, hour, funding, calls, cost_micros"
                + " from qodex.llm_usage_hourly");
        assertSameRows(owner, "select org_id, project_id, (created_at at time zone 'UTC')::date, funding, count(*),"
                + " sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros) from qodex.llm_usage_log"
                + " group by 1, 2, 3, 4", "select org_id, project_id, day, funding, calls, input_tokens, output_tokens,"
                + " cached_tokens, cost_micros from qodex.llm_usage_project_daily");
        assertSameRows(owner, "select org_id, (created_at at time zone 'UTC')::date, model, source, funding, user_id, outcome,"
                + " count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros) from qodex.llm_usage_log"
                + " group by 1, 2, 3, 4, 5, 6, 7", "select org_id, day, model, source, funding, user_id, outcome, calls,"
                + " input_tokens, output_tokens, cached_tokens, cost_micros from qodex.llm_usage_org_daily");
        assertSameRows(owner, "select org_id, project_id, date_trunc('week', created_at at time zone 'UTC')::date, count(*),"
                + " sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros) from qodex.llm_usage_log"
                + " group by 1, 2, 3", "select org_id, project_id, week, calls, input_tokens, output_tokens, cached_tokens,"
                + " cost_micros from qodex.llm_usage_project_weekly");
        assertThat(single(member, "select count(*) from llm_usage_org_daily")).as("org rollups: org admins only").isZero();
        assertThat(single(member, "select count(*) from llm_usage_project_weekly")).isZero();
        assertThat(single(member, "select count(*) from llm_usage_project_daily")).isZero();
        String since = "'" + Instant.now().minus(Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES) + "'";
        assertSameRows(owner, "select project_id, date_trunc('minute', created_at, 'UTC'), sum(cost_micros)"
                + " from qodex.llm_usage_log where funding = 'platform' and cost_micros > 0 and created_at >= " + since
                + " group by 1, 2", "select project_id, minute, cost_micros from qodex.llm_usage_minutely where minute >= " + since);
        // the database stamps the time and prices each call from the price table, exactly as the client does
        for (UsageRecord sample : rows.subList(0, 50)) {
            io.qodex.domain.llm.ModelPrice price = new JdbcPriceBook(member).all(single(owner, "select min(id) from qodex.organizations")).stream()
                    .filter(p -> p.model().equals(sample.model())).max(java.util.Comparator.comparing(
                            io.qodex.domain.llm.ModelPrice::validFrom)).orElseThrow();
            long cached = Math.min(sample.tokens().cached(), sample.tokens().input());
            long expected = price.cost(new io.qodex.domain.llm.TokenUsage(sample.tokens().input(), sample.tokens().output(),
                    cached)).micros();
            assertThat(single(owner, "select count(*) from qodex.llm_usage_log where idempotency_key = ? and cost_micros = ? "
                    + "and input_tokens = ? and created_at >= ?", sample.callId(), expected, sample.tokens().input(),
                    java.time.OffsetDateTime.ofInstant(started, java.time.ZoneOffset.UTC))).as("row of %s", sample.callId())
                    .isEqualTo(1);
        }
    }

    @Test
    void anUnreachableDatabaseSpoolsRowsAndALaterWriterDeliversThem() throws Exception {
        Path spool = Files.createTempDirectory("spool");
        DataSource down = DataSources.simple("jdbc:postgresql://127.0.0.1:9/none", "nobody", "x");
        List<UsageRecord> rows = LlmFixture.rows(project, memberId, 250, 1, 3);
        try (PgUsageLogWriter writer = new PgUsageLogWriter(down, memberId, spool)) {
            rows.forEach(writer::record);
            writer.flush();
            assertThat(writer.spooled()).isEqualTo(250);
            assertThat(writer.pending()).isEqualTo(250);
            assertThat(Files.readAllLines(writer.spoolFile())).hasSize(250);
        }
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("usage-u" + memberId))).hasSize(1);
        }
        try (PgUsageLogWriter later = new PgUsageLogWriter(member, memberId, spool)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (later.recovered() < 250 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(later.recovered()).isEqualTo(250);
        }
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("usage-"))).as("spool emptied").isEmpty();
        }
        for (UsageRecord row : rows) {
            assertThat(single(db.owner(), "select count(*) from qodex.llm_usage_log where idempotency_key = ?", row.callId()))
                    .isEqualTo(1);
        }
    }

    @Test
    void rowsTheDatabaseRefusesForGoodAreSetAsideAndTheRestLands() throws Exception {
        DataSource stranger = LlmFixture.user(db, "stranger@example.test");
        long strangers = LlmFixture.createProject(stranger, "not-mine");
        Path spool = Files.createTempDirectory("spool");
        List<UsageRecord> rows = new ArrayList<>(LlmFixture.rows(project, memberId, 20, 1, 4));
        UsageRecord foreign = LlmFixture.record(strangers, memberId, "gpt-4o", "assistant", Funding.BYOK, CallOutcome.OK,
                1, 1, 0, 1, Instant.now());
        rows.add(10, foreign);
        try (PgUsageLogWriter writer = new PgUsageLogWriter(member, memberId, spool)) {
            rows.forEach(writer::record);
            assertThat(writer.awaitStored(Duration.ofSeconds(20))).isTrue();
            assertThat(writer.stored()).isEqualTo(20);
        }
        assertThat(single(db.owner(), "select count(*) from qodex.llm_usage_log where idempotency_key = ?", foreign.callId()))
                .isZero();
        assertThat(Files.readString(spool.resolve("rejected-u" + memberId + ".tsv"))).contains(foreign.callId().toString());
    }

    @Test
    void concurrentBatchesOnTheSameRollupKeysDoNotDeadlock() throws Exception {
        long shared = LlmFixture.createProject(member, "writer-shared");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long seed = 100 + t;
            done.add(pool.submit(() -> {
                try (PgUsageLogWriter writer = new PgUsageLogWriter(member, memberId, Files.createTempDirectory("spool"))) {
                    for (int batch = 0; batch < 15; batch++) {
                        LlmFixture.rows(shared, memberId, 300, 2, seed * 1000 + batch).forEach(writer::record);
                        writer.flush();
                    }
                    assertThat(writer.awaitStored(Duration.ofSeconds(60))).isTrue();
                    return writer.spooled();
                }
            }));
        }
        for (Future<Long> result : done) {
            assertThat(result.get()).as("nothing spooled (no deadlock, no failure)").isZero();
        }
        pool.shutdown();
        assertThat(single(db.owner(), "select sum(calls) from qodex.llm_usage_daily where project_id = ?", shared))
                .isEqualTo(4 * 15 * 300);
    }

    private static void assertSameRows(DataSource owner, String raw, String rollup) throws SQLException {
        assertThat(rows(owner, rollup)).containsExactlyInAnyOrderElementsOf(rows(owner, raw)).isNotEmpty();
    }

    private static List<String> rows(DataSource owner, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = owner.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
