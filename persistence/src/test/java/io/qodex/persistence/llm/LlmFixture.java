package io.qodex.persistence.llm;

import io.qodex.domain.llm.CallIds;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.TokenUsage;
import io.qodex.domain.llm.UsageRecord;
import io.qodex.domain.llm.UsageSource;
import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Users, projects and usage rows for the persistence tests of F10 and F11, through the real functions. */
final class LlmFixture {

    private LlmFixture() {
    }

    static DataSource user(TestDatabase db, String email) {
        return db.as(TestAccounts.verifiedUser(db, email), TestAccounts.PASSWORD);
    }

    static long createProject(DataSource as, String slug) throws SQLException {
        return TestAccounts.createProject(as, slug, slug);
    }

    static void execute(DataSource as, String sql) throws SQLException {
        try (Connection c = as.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long single(DataSource as, String sql, Object... parameters) throws SQLException {
        try (Connection c = as.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                p.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long userId(DataSource as) throws SQLException {
        return single(as, "select app_user_id()");
    }

    /** A usage row written as the schema owner with an explicit time (back-dated rows). */
    static void ownerRow(TestDatabase db, long projectId, long userId, String funding, long costMicros, Instant at)
            throws SQLException {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                "insert into qodex.llm_usage_log (idempotency_key, project_id, org_id, user_id, provider, model, source, "
                        + "funding, outcome, cost_micros, created_at) "
                        + "values (gen_random_uuid(), ?, (select org_id from qodex.projects where id = ?), ?, 'openai', "
                        + "'gpt-4o-mini', 'test', ?, 'ok', ?, ?)")) {
            p.setLong(1, projectId);
            p.setLong(2, projectId);
            p.setLong(3, userId);
            p.setString(4, funding);
            p.setLong(5, costMicros);
            p.setObject(6, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            p.executeUpdate();
        }
    }

    static UsageRecord record(long projectId, long userId, String model, String source, Funding funding,
                              CallOutcome outcome, long input, long output, long cached, long costMicros, Instant at) {
        return new UsageRecord(CallIds.next(), projectId, userId, LlmProvider.OPENAI, model, new UsageSource(source),
                funding, new TokenUsage(input, output, cached), Duration.ofMillis(42), outcome, Money.ofMicros(costMicros),
                outcome == CallOutcome.OK ? Optional.empty() : Optional.of("failed:\tbecause\nof \\ reasons"), at);
    }

    /** Random-looking but reproducible rows over the last {@code days} days. */
    static List<UsageRecord> rows(long projectId, long userId, int count, int days, long seed) {
        java.util.Random random = new java.util.Random(seed);
        String[] models = {"gpt-4o-mini", "gpt-4o", "gpt-4.1"};
        String[] sources = {"assistant", "cli-ask", "byok-validate"};
        Funding[] fundings = Funding.values();
        CallOutcome[] outcomes = {CallOutcome.OK, CallOutcome.OK, CallOutcome.OK, CallOutcome.ERROR, CallOutcome.CANCELLED};
        Instant now = Instant.now();
        List<UsageRecord> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(record(projectId, userId, models[random.nextInt(models.length)], sources[random.nextInt(sources.length)],
                    fundings[random.nextInt(fundings.length)], outcomes[random.nextInt(outcomes.length)],
                    random.nextInt(5000), random.nextInt(2000), random.nextInt(500), random.nextInt(100_000),
                    now.minusSeconds(random.nextInt(days * 86_400))));
        }
        return rows;
    }
}
