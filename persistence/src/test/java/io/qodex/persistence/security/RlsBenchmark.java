package io.qodex.persistence.security;

import static io.qodex.persistence.testing.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RLS cost (docs/benchmarks.md). A user who is a member of 10 of 1,000 projects lists their environments (1,000 of
 * 100,000 rows) through row-level security, against the same listing as the owner (no RLS) with a hand-written
 * membership filter. Prints p50/p95/mean of the client-side time (execute + read every row over JDBC) and of the
 * server-side execution time (EXPLAIN ANALYZE), the ratio of the medians, the plans, and for contrast the common
 * {@code EXISTS (…membership…)} policy form on a copy of the table. Never asserts a timing; it does assert that
 * both ways return the same 1,000 rows. Run: {@code ./mvnw -B verify -Pbench -pl persistence -am}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RlsBenchmark {

    private static final int PROJECTS = 1_000;
    private static final int MEMBER_OF = 10;
    private static final int ENVIRONMENTS_PER_PROJECT = 100;
    private static final int WARM_UP = 100;
    private static final int ITERATIONS = 200;
    private static final int EXISTS_ITERATIONS = 20;

    private static final String LISTING = "select id, name, base_url from environments";
    private static final String ORDER = " order by project_id, name";
    private static final String THROUGH_RLS = LISTING + ORDER;
    private static final String OWNER_SUBQUERY = LISTING
            + " where project_id in (select project_id from project_members where user_id = ?)" + ORDER;
    private static final String OWNER_ARRAY = LISTING + " where project_id = any (?)" + ORDER;
    private static final String THROUGH_EXISTS_POLICY =
            "select id, name, base_url from bench_environments_exists" + ORDER;

    private TestDatabase db;
    private long userId;
    private Long[] memberProjects = new Long[0];
    private Connection user;
    private Connection owner;

    @BeforeAll
    void seed() throws SQLException {
        db = TestPostgres.freshDatabase();
        long started = System.nanoTime();
        TestAccounts.verifiedUser(db, "root@example.test"); // first verified user: org admin, Admin of every project
        String role = TestAccounts.verifiedUser(db, "bench@example.test");
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("""
                    insert into projects (org_id, slug, name, created_by)
                    select (select min(id) from organizations), 'bench-' || g, 'Bench ' || g,
                           (select id from users where email = 'root@example.test')
                    from generate_series(1, %d) g""".formatted(PROJECTS));
            s.execute("""
                    insert into project_members (project_id, user_id, role)
                    select p.id, u.id, 'admin' from projects p, users u where u.email = 'root@example.test'""");
            // The user's 10 projects are spread over the whole range (every 100th project).
            s.execute("""
                    insert into project_members (project_id, user_id, role)
                    select p.id, u.id, 'member'
                    from (select id, row_number() over (order by id) as n from projects) p, users u
                    where u.email = 'bench@example.test' and p.n %% %d = 1""".formatted(PROJECTS / MEMBER_OF));
            // Interleaved as if created over time: a project's environments are spread over the whole heap.
            s.execute("""
                    insert into environments (project_id, name, base_url)
                    select p.id, 'env-' || e, 'https://env-' || e || '.p' || p.id || '.example.test'
                    from projects p cross join generate_series(1, %d) e
                    order by e, p.id""".formatted(ENVIRONMENTS_PER_PROJECT));
            createExistsPolicyCopy(s);
            c.commit();
            c.setAutoCommit(true);
            s.execute("analyze");
        }
        user = db.as(role, PASSWORD).getConnection();
        owner = db.owner().getConnection();
        try (Statement s = user.createStatement(); ResultSet rs = s.executeQuery("select app_user_id()")) {
            rs.next();
            userId = rs.getLong(1);
        }
        memberProjects = ids(owner, "select project_id from project_members where user_id = " + userId
                + " order by project_id").toArray(Long[]::new);
        System.out.printf(Locale.ROOT, "Seeded in %.1f s.%n", (System.nanoTime() - started) / 1e9);
    }

    /** The common but slow policy form, on a copy of the table, for contrast. */
    private static void createExistsPolicyCopy(Statement s) throws SQLException {
        s.execute("create table bench_environments_exists (like environments including defaults including indexes)");
        s.execute("insert into bench_environments_exists select * from environments");
        s.execute("alter table bench_environments_exists enable row level security");
        s.execute("""
                create policy bench_environments_exists_read on bench_environments_exists for select
                using (exists (select 1 from project_members m
                               where m.project_id = bench_environments_exists.project_id
                                 and m.user_id = (select app_user_id())))""");
        s.execute("grant select on bench_environments_exists to qodex_user");
    }

    @AfterAll
    void tearDown() throws SQLException {
        if (user != null) {
            user.close();
        }
        if (owner != null) {
            owner.close();
        }
        db.close();
    }

    @Test
    void listsEnvironmentsThroughRlsAndWithAHandWrittenFilter() throws SQLException {
        assertThat(memberProjects).hasSize(MEMBER_OF);
        List<Long> expected = ids(owner, "select id from environments where project_id = any (array"
                + Arrays.toString(memberProjects) + "::bigint[]) order by project_id, name");
        assertThat(expected).hasSize(MEMBER_OF * ENVIRONMENTS_PER_PROJECT);
        try (PreparedStatement rls = user.prepareStatement(THROUGH_RLS);
             PreparedStatement subquery = owner.prepareStatement(OWNER_SUBQUERY);
             PreparedStatement array = owner.prepareStatement(OWNER_ARRAY);
             PreparedStatement exists = user.prepareStatement(THROUGH_EXISTS_POLICY)) {
            subquery.setLong(1, userId);
            Array projects = owner.createArrayOf("bigint", memberProjects);
            array.setArray(1, projects);
            assertThat(list(rls)).as("through RLS").isEqualTo(expected);
            assertThat(list(subquery)).as("owner, subquery filter").isEqualTo(expected);
            assertThat(list(array)).as("owner, = any(?) filter").isEqualTo(expected);
            assertThat(list(exists)).as("through the EXISTS policy").isEqualTo(expected);

            PreparedStatement[] contenders = {rls, subquery, array};
            long[][] nanos = new long[contenders.length][ITERATIONS];
            for (int i = 0; i < WARM_UP; i++) {
                for (PreparedStatement p : contenders) {
                    list(p);
                }
            }
            for (int i = 0; i < ITERATIONS; i++) {
                for (int k = 0; k < contenders.length; k++) {
                    int which = (i + k) % contenders.length; // rotate who goes first
                    nanos[which][i] = timed(contenders[which]);
                }
            }
            long[] existsNanos = new long[EXISTS_ITERATIONS];
            list(exists);
            for (int i = 0; i < EXISTS_ITERATIONS; i++) {
                existsNanos[i] = timed(exists);
            }

            double[][] server = {
                serverTimes(user, "rls", THROUGH_RLS, ""),
                serverTimes(owner, "subquery", OWNER_SUBQUERY.replace("?", "$1::bigint"), "(" + userId + ")"),
                serverTimes(owner, "array", OWNER_ARRAY.replace("?", "$1::bigint[]"),
                        "('{" + String.join(",", Arrays.stream(memberProjects).map(String::valueOf).toList()) + "}')"),
            };
            report(nanos, existsNanos, server);
            projects.free();
        }
    }

    private void report(long[][] nanos, long[] existsNanos, double[][] server) throws SQLException {
        Stats rls = Stats.ofNanos(nanos[0]);
        Stats subquery = Stats.ofNanos(nanos[1]);
        Stats array = Stats.ofNanos(nanos[2]);
        Stats exists = Stats.ofNanos(existsNanos);
        Stats rlsServer = Stats.of(server[0]);
        Stats subqueryServer = Stats.of(server[1]);
        Stats arrayServer = Stats.of(server[2]);
        StringBuilder out = new StringBuilder();
        out.append("\n==== RLS cost (docs/benchmarks.md) ====\n");
        out.append(String.format(Locale.ROOT, "Data: %,d projects, %,d environments (%d per project, interleaved); "
                + "the user is a member of %d projects and sees %,d rows.%n", PROJECTS,
                PROJECTS * ENVIRONMENTS_PER_PROJECT, ENVIRONMENTS_PER_PROJECT, MEMBER_OF,
                MEMBER_OF * ENVIRONMENTS_PER_PROJECT));
        out.append("Query: ").append(THROUGH_RLS).append('\n');
        out.append(String.format(Locale.ROOT, "Machine: %s; %d cores; Java %s; %s; load average %s%n",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), serverVersion(),
                loadAverage()));
        out.append(String.format(Locale.ROOT, "%nClient side (execute + read all rows over JDBC), %d warm-up, "
                + "%d iterations each, interleaved:%n", WARM_UP, ITERATIONS));
        out.append(Stats.HEADER);
        out.append(rls.line("user through RLS"));
        out.append(subquery.line("owner, project_id in (subquery)"));
        out.append(array.line("owner, project_id = any(?)"));
        out.append(String.format(Locale.ROOT, "RATIO p50 RLS / owner+subquery = %.2fx   RLS / owner+any(?) = %.2fx%n",
                rls.p50() / subquery.p50(), rls.p50() / array.p50()));
        out.append(String.format(Locale.ROOT, "%nServer side (EXPLAIN (ANALYZE, TIMING OFF) execution time), "
                + "%d runs each:%n", ITERATIONS));
        out.append(Stats.HEADER);
        out.append(rlsServer.line("user through RLS"));
        out.append(subqueryServer.line("owner, project_id in (subquery)"));
        out.append(arrayServer.line("owner, project_id = any(?)"));
        out.append(String.format(Locale.ROOT, "RATIO p50 RLS / owner+subquery = %.2fx   RLS / owner+any(?) = %.2fx%n",
                rlsServer.p50() / subqueryServer.p50(), rlsServer.p50() / arrayServer.p50()));
        out.append(String.format(Locale.ROOT, "%nContrast: the common EXISTS (...membership...) policy on a copy of "
                + "the table, %d iterations:%n", EXISTS_ITERATIONS));
        out.append(Stats.HEADER);
        out.append(exists.line("user through EXISTS policy"));
        out.append(String.format(Locale.ROOT, "RATIO p50 EXISTS policy / owner+subquery = %.1fx%n",
                exists.p50() / subquery.p50()));
        out.append(String.format(Locale.ROOT, "%nRESULT: RLS cost ratio (client p50, user through RLS / owner with "
                + "hand-written subquery filter) = %.2fx (aim <= 1.2x)%n", rls.p50() / subquery.p50()));
        out.append("\nPlan, user through RLS:\n").append(plan(user, THROUGH_RLS));
        out.append("\nPlan, owner with subquery filter:\n")
                .append(plan(owner, OWNER_SUBQUERY.replace("?", Long.toString(userId))));
        out.append("\nPlan, user through the EXISTS policy:\n").append(plan(user, THROUGH_EXISTS_POLICY));
        out.append("======================================\n");
        System.out.print(out);
    }

    private static long timed(PreparedStatement p) throws SQLException {
        long start = System.nanoTime();
        int rows = list(p).size();
        long elapsed = System.nanoTime() - start;
        if (rows != MEMBER_OF * ENVIRONMENTS_PER_PROJECT) {
            throw new IllegalStateException("Expected 1,000 rows, got " + rows);
        }
        return elapsed;
    }

    /** Executes and reads every column of every row, as a client listing the environments would. */
    private static List<Long> list(PreparedStatement p) throws SQLException {
        List<Long> ids = new ArrayList<>(MEMBER_OF * ENVIRONMENTS_PER_PROJECT);
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
                if (rs.getString(2) == null || rs.getString(3) == null) {
                    throw new IllegalStateException("name and base_url are not null");
                }
            }
        }
        return ids;
    }

    private static List<Long> ids(Connection c, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static final Pattern EXECUTION_TIME = Pattern.compile("Execution Time: ([0-9.]+) ms");

    /**
     * Server-side execution times, through a prepared statement on the server (PREPARE/EXECUTE) as pgjdbc does
     * after its fifth execution, so planning is excluded as it would be for a client.
     */
    private static double[] serverTimes(Connection c, String name, String sql, String arguments)
            throws SQLException {
        String execute = "explain (analyze, timing off, costs off) execute bench_" + name + arguments;
        double[] millis = new double[ITERATIONS];
        try (Statement s = c.createStatement()) {
            s.execute("prepare bench_" + name + " as " + sql);
            for (int i = 0; i < WARM_UP / 10; i++) {
                explainTime(s, execute);
            }
            for (int i = 0; i < ITERATIONS; i++) {
                millis[i] = explainTime(s, execute);
            }
            s.execute("deallocate bench_" + name);
        }
        return millis;
    }

    private static double explainTime(Statement s, String explain) throws SQLException {
        try (ResultSet rs = s.executeQuery(explain)) {
            while (rs.next()) {
                Matcher m = EXECUTION_TIME.matcher(rs.getString(1));
                if (m.find()) {
                    return Double.parseDouble(m.group(1));
                }
            }
        }
        throw new IllegalStateException("EXPLAIN ANALYZE printed no execution time");
    }

    private static String plan(Connection c, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("explain (analyze, buffers, costs off) " + sql)) {
            while (rs.next()) {
                plan.append("  ").append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private String serverVersion() throws SQLException {
        try (Statement s = owner.createStatement(); ResultSet rs = s.executeQuery("show server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Percentiles and mean of a sample, in milliseconds. */
    private record Stats(double p50, double p95, double mean, double min) {

        static final String HEADER = String.format(Locale.ROOT, "  %-34s %9s %9s %9s %9s%n", "", "p50 ms",
                "p95 ms", "mean ms", "min ms");

        static Stats ofNanos(long[] nanos) {
            return of(Arrays.stream(nanos).mapToDouble(n -> n / 1e6).toArray());
        }

        static Stats of(double[] millis) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            return new Stats(percentile(sorted, 0.50), percentile(sorted, 0.95),
                    Arrays.stream(sorted).average().orElseThrow(), sorted[0]);
        }

        private static double percentile(double[] sorted, double p) {
            return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
        }

        String line(String label) {
            return String.format(Locale.ROOT, "  %-34s %9.3f %9.3f %9.3f %9.3f%n", label, p50, p95, mean, min);
        }
    }
}
