package io.qodex.persistence.llm;

import io.qodex.domain.spend.CallQuery;
import io.qodex.domain.spend.DayRange;
import io.qodex.domain.spend.Dimension;
import io.qodex.domain.spend.SpendFilter;
import io.qodex.domain.spend.SpendScope;
import io.qodex.persistence.session.DataSources;
import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Spend queries on a big log (F10, F11): 10 million usage rows across 1,000 projects over 90 days (bulk-loaded, the
 * rollups then built with the trigger's grouping). Then, through the real repository as the users themselves (row-level
 * security on): the 30-day breakdowns of a project, and the org-wide per-project breakdown, p50 and p95 (goal ≤ 50 ms
 * each). Prints; never asserts.
 */
class SpendQueryBenchmark {

    private static final int ROWS = Integer.getInteger("bench.spend.rows", 10_000_000);
    private static final int PROJECTS = 1000;
    private static final int DAYS = 90;

    @Test
    void breakdownsOnTenMillionRows() throws Exception {
        TestDatabase db = TestPostgres.freshDatabase();
        DataSource boss = pooled(db, "boss@example.test"); // first verified user: organization admin
        List<String> userEmails = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            userEmails.add("user" + i + "@example.test");
            TestAccounts.verifiedUser(db, userEmails.get(i));
        }
        DataSource member = pooled(db, "member@example.test");
        long orgId = LlmFixture.single(boss, "select org_id from users where id = app_user_id()");
        seed(db, orgId);
        JdbcSpendRepository asMember = new JdbcSpendRepository(member);
        JdbcSpendRepository asBoss = new JdbcSpendRepository(boss);
        long[] memberProjects = longs(member, "select id from projects order by id");
        DayRange last30 = DayRange.lastDays(30, Clock.systemUTC());
        Random random = new Random(1);
        Dimension[] dimensions = {Dimension.MODEL, Dimension.SOURCE, Dimension.USER, Dimension.DAY, Dimension.FUNDING};

        System.out.printf("member of %d projects; org admin sees all %d; range %s to %s%n", memberProjects.length, PROJECTS,
                last30.first(), last30.last());
        System.out.println("                                                         p50 ms    p95 ms    max ms   rows");
        for (Dimension dimension : dimensions) {
            measure("project, 30 days, by " + dimension.code(), 200, () -> asMember.group(new SpendScope.OfProject(
                    memberProjects[random.nextInt(memberProjects.length)]), last30, SpendFilter.NONE, dimension,
                    Optional.empty()).size());
        }
        measure("project, 30 days, series: model x day", 200, () -> asMember.group(new SpendScope.OfProject(
                memberProjects[random.nextInt(memberProjects.length)]), last30, SpendFilter.NONE, Dimension.MODEL,
                Optional.of(Dimension.DAY)).size());
        SpendScope org = new SpendScope.OfOrganization(orgId);
        measure("org-wide, 30 days, per project", 100, () -> asBoss.group(org, last30, SpendFilter.NONE, Dimension.PROJECT,
                Optional.empty()).size());
        measure("org-wide, 30 days, series: project x day", 30, () -> asBoss.group(org, last30, SpendFilter.NONE,
                Dimension.PROJECT, Optional.of(Dimension.DAY)).size());
        measure("org-wide, 30 days, by model", 100, () -> asBoss.group(org, last30, SpendFilter.NONE,
                Dimension.MODEL, Optional.empty()).size());
        measure("org-wide, 30 days, by user", 100, () -> asBoss.group(org, last30, SpendFilter.NONE,
                Dimension.USER, Optional.empty()).size());
        measure("org-wide, 30 days, by source", 30, () -> asBoss.group(org, last30, SpendFilter.NONE,
                Dimension.SOURCE, Optional.empty()).size());
        measure("project, table of calls, first page of 50 (30 days)", 200, () -> asMember.calls(CallQuery.of(
                new SpendScope.OfProject(memberProjects[random.nextInt(memberProjects.length)]), last30, SpendFilter.NONE),
                Optional.empty(), 50).rows().size());
        CallQuery lastDay = new CallQuery(org, Instant.now().minus(Duration.ofDays(1)), Instant.now(), SpendFilter.NONE);
        measure("org-wide, table of calls, first page of 50 (24 h)", 50, () -> asBoss.calls(lastDay, Optional.empty(), 50)
                .rows().size());
        measure("project, count of calls (30 days, rollup)", 200, () -> (int) asMember.countCalls(CallQuery.of(
                new SpendScope.OfProject(memberProjects[random.nextInt(memberProjects.length)]), last30, SpendFilter.NONE)));
    }

    private static void seed(TestDatabase db, long orgId) throws Exception {
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("set search_path = qodex");
            long boss = single(s, "select min(id) from users");
            long member = single(s, "select id from users where email = 'member@example.test'");
            s.execute("insert into projects (org_id, slug, name, created_by) select " + orgId + ", 'bench-' || i, "
                    + "'Bench ' || i, " + boss + " from generate_series(1, " + PROJECTS + ") i");
            long firstProject = single(s, "select min(id) from projects");
            s.execute("insert into project_members (project_id, user_id, role) select id, " + member + ", 'member' "
                    + "from projects where id < " + (firstProject + 10));
            long firstUser = single(s, "select min(id) from users where email like 'user%'");
            long chunk = 1_000_000;
            long start = System.nanoTime();
            // bulk seeding: rows first, rollups built once at the end with the same grouping as the trigger's
            // (the trigger path is measured by UsageIngestBenchmark)
            s.execute("alter table llm_usage_log disable trigger llm_usage_log_rollup");
            for (long from = 1; from <= ROWS; from += chunk) {
                long to = Math.min(ROWS, from + chunk - 1);
                // deterministic spread: every project, 90 days, 3 users per project, 4 models, weighted sources/outcomes
                s.execute("insert into llm_usage_log (idempotency_key, project_id, org_id, user_id, provider, model, source, "
                        + "funding, input_tokens, output_tokens, cached_tokens, latency_ms, outcome, cost_micros, created_at) "
                        + "select ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, p, " + orgId + ", "
                        + firstUser + " + (p + h1 % 3) % 10, 'openai', "
                        + "(array['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-5-mini'])[1 + h2 % 4], "
                        + "case when h3 % 20 = 0 then 'byok-validate' when h3 % 4 = 0 then 'cli-ask' else 'assistant' end, "
                        + "case when p % 5 = 0 or h3 % 20 = 0 then 'byok' when h4 % 97 = 0 then 'codex_pool' else 'platform' end, "
                        + "h1 % 4000, h2 % 1000, h3 % 500, h4 % 3000, "
                        + "case when h4 % 50 = 0 then 'error' when h4 % 101 = 0 then 'rate_limited' when h4 % 103 = 0 "
                        + "then 'cancelled' else 'ok' end, h5 % 20000, "
                        + "now() - (h5 % " + (DAYS * 86_400L) + ") * interval '1 second' "
                        + "from (select g, " + firstProject + " + abs(hashint8(g)::bigint) % " + PROJECTS + " as p, "
                        + "abs(hashint8(g * 3 + 1)::bigint) as h1, abs(hashint8(g * 5 + 2)::bigint) as h2, "
                        + "abs(hashint8(g * 7 + 3)::bigint) as h3, abs(hashint8(g * 11 + 4)::bigint) as h4, "
                        + "abs(hashint8(g * 13 + 5)::bigint) as h5 from generate_series(" + from + ", " + to + ") g) x");
                System.out.printf("seeded %,d rows (%.0f s)%n", to, (System.nanoTime() - start) / 1e9);
            }
            s.execute("alter table llm_usage_log enable trigger llm_usage_log_rollup");
            s.execute("insert into llm_usage_daily (org_id, project_id, day, model, source, funding, user_id, outcome, calls, "
                    + "input_tokens, output_tokens, cached_tokens, cost_micros) select org_id, project_id, "
                    + "(created_at at time zone 'UTC')::date, model, source, funding, coalesce(user_id, 0), outcome, count(*), "
                    + "sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros) from llm_usage_log "
                    + "group by 1, 2, 3, 4, 5, 6, 7, 8");
            s.execute("insert into llm_usage_org_daily (org_id, day, model, source, funding, user_id, outcome, calls, "
                    + "input_tokens, output_tokens, cached_tokens, cost_micros) select org_id, "
                    + "(created_at at time zone 'UTC')::date, model, source, funding, coalesce(user_id, 0), outcome, count(*), "
                    + "sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros) from llm_usage_log "
                    + "group by 1, 2, 3, 4, 5, 6, 7");
            s.execute("insert into llm_usage_project_daily (org_id, project_id, day, funding, calls, input_tokens, "
                    + "output_tokens, cached_tokens, cost_micros) select org_id, project_id, (created_at at time zone 'UTC')::date, "
                    + "funding, count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros) "
                    + "from llm_usage_log group by 1, 2, 3, 4");
            s.execute("insert into llm_usage_project_weekly (org_id, project_id, week, calls, input_tokens, output_tokens, "
                    + "cached_tokens, cost_micros) select org_id, project_id, date_trunc('week', created_at at time zone 'UTC')::date, "
                    + "count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros) "
                    + "from llm_usage_log group by 1, 2, 3");
            s.execute("insert into llm_usage_hourly (org_id, project_id, hour, funding, calls, cost_micros) select org_id, "
                    + "project_id, date_trunc('hour', created_at, 'UTC'), funding, count(*), sum(cost_micros) "
                    + "from llm_usage_log group by 1, 2, 3, 4");
            s.execute("insert into llm_usage_minutely (project_id, minute, cost_micros) select project_id, "
                    + "date_trunc('minute', created_at, 'UTC'), sum(cost_micros) from llm_usage_log where funding = 'platform' "
                    + "and cost_micros > 0 and created_at > now() - interval '8 days' group by 1, 2");
            s.execute("vacuum analyze llm_usage_log");
            s.execute("vacuum analyze llm_usage_daily");
            s.execute("vacuum analyze llm_usage_project_daily");
            s.execute("vacuum analyze llm_usage_org_daily");
            s.execute("vacuum analyze llm_usage_project_weekly");
            s.execute("vacuum analyze llm_usage_hourly");
            s.execute("vacuum analyze llm_usage_minutely");
            for (String table : List.of("llm_usage_log", "llm_usage_daily", "llm_usage_project_daily",
                    "llm_usage_project_weekly", "llm_usage_org_daily",
                    "llm_usage_hourly", "llm_usage_minutely")) {
                System.out.printf("%-25s %,12d rows  %s%n", table, single(s, "select count(*) from " + table),
                        text(s, "select pg_size_pretty(pg_total_relation_size('" + table + "'))"));
            }
            System.out.printf("seeding and rollups took %.0f s%n", (System.nanoTime() - start) / 1e9);
        }
    }

    private static void measure(String label, int runs, Supplier<Integer> query) {
        int rows = 0;
        for (int i = 0; i < Math.max(5, runs / 10); i++) {
            rows = query.get();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            rows = query.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("%-55s %8.2f  %8.2f  %8.2f  %5d%n", label, nanos[runs / 2] / 1e6,
                nanos[(int) Math.ceil(runs * 0.95) - 1] / 1e6, nanos[runs - 1] / 1e6, rows);
    }

    /** The plan of the org-wide per-project query as the org admin runs it (through row-level security). */
    private static void explain(TestDatabase db, DataSource as, String sql) throws Exception {
        try (Connection c = as.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("explain (analyze, buffers) " + sql)) {
            while (rs.next()) {
                System.out.println("  plan: " + rs.getString(1));
            }
        }
    }

    private static DataSource pooled(TestDatabase db, String email) {
        String role = TestAccounts.verifiedUser(db, email);
        return DataSources.pooled((PGSimpleDataSource) db.as(role, TestAccounts.PASSWORD), "bench", 2);
    }

    private static long[] longs(DataSource source, String sql) throws Exception {
        List<Long> values = new ArrayList<>();
        try (Connection c = source.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
