package io.qodex.persistence.security;

import static io.qodex.persistence.testing.TestAccounts.PASSWORD;
import static io.qodex.persistence.testing.SqlRefusals.CHECK_VIOLATION;
import static io.qodex.persistence.testing.SqlRefusals.INSUFFICIENT_PRIVILEGE;
import static io.qodex.persistence.testing.SqlRefusals.LAST_ADMIN;
import static io.qodex.persistence.testing.SqlRefusals.NOT_ALLOWED;
import static io.qodex.persistence.testing.SqlRefusals.NOT_FOUND;
import static io.qodex.persistence.testing.SqlRefusals.assertChangesNothingOrRefused;
import static io.qodex.persistence.testing.SqlRefusals.assertRefused;
import static io.qodex.persistence.testing.SqlRefusals.assertSeesNothingOrRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.persistence.server.Installation;
import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * docs/security.md ("What you may see"), adversarially: connected as user A with raw JDBC, try to read, update, delete, insert into
 * and move rows into user B's project, for every table that has a project_id (found in the catalog, so new tables
 * are covered without touching this test); call the SECURITY DEFINER functions with B's ids; escalate roles; set
 * GUCs. Every attempt must see nothing or be refused for the expected reason (its SQLSTATE: missing privileges
 * and row-level security both answer 42501, our functions QX002/QX003), and the owner then finds B's data untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationIT {

    private TestDatabase db;
    private DataSource alice;
    private DataSource bob;
    private DataSource viewer;
    private DataSource member;
    private DataSource unverified;
    private String bobRole;
    private long projectA;
    private long projectB;
    private long bobId;
    private long aliceId;
    private DataSource root;
    private static final java.util.Set<String> ALLOCATED_IDS = java.util.Set.of("environment_variables", "auth_profiles");
    private final Map<String, Long> bRowsBefore = new LinkedHashMap<>();

    @BeforeAll
    void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        root = db.as(TestAccounts.verifiedUser(db, "root@example.test"), PASSWORD); // first verified: org admin, in no project
        alice = db.as(TestAccounts.verifiedUser(db, "alice@example.test"), PASSWORD);
        bobRole = TestAccounts.verifiedUser(db, "bob@example.test");
        bob = db.as(bobRole, PASSWORD);
        viewer = db.as(TestAccounts.verifiedUser(db, "vera@example.test"), PASSWORD);
        member = db.as(TestAccounts.verifiedUser(db, "max@example.test"), PASSWORD);
        unverified = db.as(TestAccounts.unverifiedUser(db, "una@example.test"), PASSWORD);
        projectA = createProject(alice, "Alpha", "alpha");
        projectB = createProject(bob, "Bravo", "bravo");
        aliceId = userId(alice);
        bobId = userId(bob);
        TestAccounts.join(bob, viewer, projectB, "vera@example.test", "viewer");
        TestAccounts.join(bob, member, projectB, "max@example.test", "member");
        call(bob, "select add_member(" + projectB + ", 'una@example.test', 'member')"); // unverified: only invited
        seed(projectA, aliceId);
        seed(projectB, bobId);
        for (String table : projectTables()) {
            bRowsBefore.put(table, ownerCount("select count(*) from " + table + " where project_id = " + projectB));
        }
    }

    @AfterAll
    void tearDown() {
        db.close();
    }

    @TestFactory
    Stream<DynamicTest> userACannotTouchProjectBInAnyProjectOwnedTable() throws SQLException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String table : projectTables()) {
            tests.add(DynamicTest.dynamicTest(table, () -> attackTable(table)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(20);
        return tests.stream();
    }

    private void attackTable(String table) throws SQLException {
        String columns = String.join(", ", insertableColumns(table));
        String copyToB = String.join(", ", insertableColumns(table).stream()
                .map(c -> c.equals("project_id") ? projectB + "::bigint" : c).toList());
        assertSeesNothingOrRefused(alice, "select count(*) from " + table + " where project_id = " + projectB,
                INSUFFICIENT_PRIVILEGE);
        assertSeesNothingOrRefused(alice, "select count(*) from " + table + " where project_id <> " + projectA,
                INSUFFICIENT_PRIVILEGE);
        assertChangesNothingOrRefused(alice, "update " + table + " set project_id = project_id where project_id = "
                + projectB, INSUFFICIENT_PRIVILEGE);
        assertChangesNothingOrRefused(alice, "delete from " + table + " where project_id = " + projectB,
                INSUFFICIENT_PRIVILEGE);
        // Tables whose ids are handed out before sealing take one allocated to alice, so the refusal proven is the
        // row-level policy's, not the id check's (IdAllocationAttackIT proves that one).
        boolean allocated = ALLOCATED_IDS.contains(table);
        assertRefused(alice, "insert into " + table + " (" + (allocated ? "id, " : "") + columns + ") select "
                + (allocated ? "(allocate_ids('" + table + "', 1))[1], " : "") + copyToB + " from " + table
                + " where project_id = " + projectA + " limit 1", INSUFFICIENT_PRIVILEGE);
        assertChangesNothingOrRefused(alice, "update " + table + " set project_id = " + projectB
                + " where project_id = " + projectA, INSUFFICIENT_PRIVILEGE);
        assertThat(ownerCount("select count(*) from " + table + " where project_id = " + projectB))
                .as("rows of project B in %s after the attacks", table).isEqualTo(bRowsBefore.get(table));
    }

    /**
     * An org admin reads every project's row but is no member of Bravo: its notification channel (what LISTEN needs)
     * is not among the columns they may read; members get theirs from my_channels().
     */
    @Test
    void aProjectsChannelIsReadableOnlyByItsMembers() throws SQLException {
        assertThat(longs(root, "select id from projects order by id")).contains(projectA, projectB);
        assertRefused(root, "select notify_channel from projects where id = " + projectB, INSUFFICIENT_PRIVILEGE);
        assertRefused(root, "select * from projects", INSUFFICIENT_PRIVILEGE);
        assertThat(longs(root, "select count(*) from my_channels() where project_id = " + projectB)).containsExactly(0L);
        assertThat(longs(bob, "select count(*) from my_channels() where project_id = " + projectB)).containsExactly(1L);
    }

    @Test
    void theProjectsTableShowsOnlyOwnProjectsAndAdminsOnlyChangeTheirs() throws SQLException {
        assertThat(longs(alice, "select id from projects")).containsExactly(projectA);
        assertChangesNothingOrRefused(alice, "update projects set name = 'pwned' where id = " + projectB,
                INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "update projects set key_version = 99 where id = " + projectA, INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "delete from projects where id = " + projectA, INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "insert into projects (org_id, slug, name) values (1, 'sneaky', 'Sneaky')",
                INSUFFICIENT_PRIVILEGE);
        assertThat(ownerCount("select count(*) from projects where name = 'pwned'")).isZero();
    }

    @Test
    void securityDefinerFunctionsRefuseProjectBsIds() {
        assertRefused(alice, "select add_member(" + projectB + ", 'alice@example.test', 'admin')", NOT_FOUND);
        assertRefused(alice, "select * from project_member_list(" + projectB + ")", NOT_FOUND);
        assertRefused(alice, "select * from project_key_recipients(" + projectB + ")", NOT_FOUND);
        assertRefused(alice, "select begin_key_rotation(" + projectB + ", 1)", NOT_FOUND);
        assertRefused(alice, "select create_org_key(1, '\\x" + "00".repeat(32) + "'::bytea, '\\x00'::bytea, "
                + "'\\x00'::bytea)", NOT_ALLOWED);
    }

    @Test
    void roleEscalationFails() {
        Installation installation = TestPostgres.INSTALLATION; // the real service roles: a made-up name is refused as 22023
        assertRefused(alice, "set role " + bobRole, INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "set role " + installation.ownerRole(), INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "set role " + installation.mailerRole(), INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "set role " + installation.signupRole(), INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "set session authorization " + bobRole, INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "create function public.app_project_ids(text) returns bigint[] language sql as "
                + "'select array[1::bigint]'", INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "create table qodex.sneaky (id int)", INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "alter role current_user createrole", INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "select * from mail_outbox", INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "select * from user_codes", INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "select sealed_private_key from user_keys", INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void switchingToTheGroupRoleOrSettingAnyGucStillShowsNothingOfB() throws SQLException {
        // each of these takes effect (a refused one would prove nothing here), and B stays invisible
        for (String prelude : List.of("set role " + TestPostgres.INSTALLATION.userRole(),
                "select set_config('app.user_id', '" + bobId + "', false)", "set app.project_id = '" + projectB + "'",
                "select set_config('search_path', 'public, qodex', false)")) {
            try (Connection c = alice.getConnection(); Statement s = c.createStatement()) {
                s.execute(prelude);
                try (ResultSet rs = s.executeQuery("select count(*) from qodex.environments where project_id = " + projectB)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).as("after %s", prelude).isZero();
                }
            }
        }
        // and this one, which would switch off triggers and foreign keys, is not for users at all
        assertRefused(alice, "set session_replication_role = replica", INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void anUnverifiedUserCannotEvenConnectWhenInvited() throws SQLException {
        // the right password, and still no session: the role has no LOGIN until the address is verified
        assertThatThrownBy(() -> unverified.getConnection().close()).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        assertThat(ownerCount("select count(*) from project_members m join users u on u.id = m.user_id "
                + "where u.email = 'una@example.test'")).isZero();
    }

    @Test
    void aViewerReadsButCannotWrite() throws SQLException {
        assertThat(ownerCount("select count(*) from project_members where project_id = " + projectB)).isEqualTo(3);
        assertThat(longs(viewer, "select count(*) from environments where project_id = " + projectB)).containsExactly(1L);
        assertRefused(viewer, "insert into environments (project_id, name, base_url) values (" + projectB
                + ", 'viewer-env', 'https://x.example')", INSUFFICIENT_PRIVILEGE);
        assertChangesNothingOrRefused(viewer, "update environments set name = 'renamed' where project_id = " + projectB,
                INSUFFICIENT_PRIVILEGE);
        assertChangesNothingOrRefused(viewer, "delete from scenarios where project_id = " + projectB,
                INSUFFICIENT_PRIVILEGE);
        assertRefused(viewer, "insert into byok_credentials (project_id, provider, key_secret, last_four) values ("
                + projectB + ", 'openai', 'v1.1.AAAA', 'abcd')", INSUFFICIENT_PRIVILEGE);
    }

    /**
     * Scenarios, runs and findings (V11): Viewers only read; a member cannot write that someone else found something,
     * and every text a member's client writes is bounded, compressible or not.
     */
    @Test
    void scenarioRunsAndFindingsAreBoundedStampedAndReadOnlyForViewers() throws SQLException {
        assertRefused(viewer, "insert into scenarios (project_id, name, kind) values (" + projectB + ", 'v', 'http')",
                INSUFFICIENT_PRIVILEGE);
        assertRefused(viewer, "insert into test_runs (project_id, status) values (" + projectB + ", 'passed')",
                INSUFFICIENT_PRIVILEGE);
        assertRefused(viewer, "insert into findings (project_id, title, severity) values (" + projectB
                + ", 'v', 'low')", INSUFFICIENT_PRIVILEGE);
        long memberId = userId(member);
        call(member, "insert into findings (project_id, title, severity, created_by, created_at) values (" + projectB
                + ", 'forged', 'low', " + bobId + ", now() - interval '1 year')");
        assertThat(ownerCount("select count(*) from findings where title = 'forged' and created_by = " + memberId
                + " and created_at > now() - interval '1 minute'")).isEqualTo(1);
        call(member, "delete from findings where title = 'forged'"); // the table attacks count project B's rows
        assertRefused(member, "insert into scenarios (project_id, name, kind, content) values (" + projectB
                + ", 'big', 'http', repeat('x', 1000001))", CHECK_VIOLATION);
        assertRefused(member, "insert into test_runs (project_id, status, steps) values (" + projectB
                + ", 'passed', jsonb_build_array(repeat('x', 5000000)))", CHECK_VIOLATION);
        assertRefused(member, "insert into findings (project_id, title, severity, excerpt) values (" + projectB
                + ", 't', 'low', repeat('x', 8001))", CHECK_VIOLATION);
        assertRefused(member, "insert into scenarios (project_id, name, kind, tags) values (" + projectB
                + ", 'tags', 'http', array_fill('t'::text, array[21]))", CHECK_VIOLATION);
        assertRefused(member, "insert into scenarios (project_id, name, kind, tags) values (" + projectB
                + ", 'long tag', 'http', array[repeat('t', 51)])", CHECK_VIOLATION);
        assertRefused(member, "insert into scenarios (project_id, name, kind) values (" + projectB
                + ", E'bell\\u0007\\u001b[2J', 'http')", CHECK_VIOLATION);
        assertRefused(member, "insert into collections (project_id, name, description) values (" + projectB
                + ", 'c', repeat('d', 20001))", CHECK_VIOLATION);
    }

    /** A run is a record: the server's time, never changed afterwards; a finding's content stays, its status moves. */
    @Test
    void runsAreStoredOnceAtTheServersTimeAndFindingsOnlyChangeStatus() throws SQLException {
        call(member, "insert into test_runs (project_id, status, summary, started_at, finished_at) values ("
                + projectB + ", 'passed', 'stamped', now() - interval '1 year', '2099-01-01')");
        assertThat(ownerCount("select count(*) from test_runs where summary = 'stamped' and finished_at <= now() "
                + "and finished_at > now() - interval '1 minute' and started_at >= now() - interval '1 day 1 minute'"))
                .isEqualTo(1);
        assertChangesNothingOrRefused(member, "update test_runs set status = 'failed' where summary = 'stamped'",
                INSUFFICIENT_PRIVILEGE);
        call(member, "insert into findings (project_id, title, severity) values (" + projectB + ", 'triage', 'low')");
        assertChangesNothingOrRefused(member, "update findings set title = 'rewritten' where title = 'triage'",
                INSUFFICIENT_PRIVILEGE);
        call(member, "update findings set status = 'triaged' where title = 'triage'");
        assertThat(ownerCount("select count(*) from findings where title = 'triage' and status = 'triaged'"))
                .isEqualTo(1);
        call(member, "insert into scenarios (project_id, name, kind, version, updated_at) values (" + projectB
                + ", 'versioned', 'http', 99, '2099-01-01')");
        call(member, "update scenarios set version = 1, description = 'x' where name = 'versioned'");
        assertThat(ownerCount("select version from scenarios where name = 'versioned' and updated_at <= now()"))
                .isEqualTo(2);
        call(member, "delete from findings where title = 'triage'"); // the table attacks count project B's rows
        call(member, "delete from test_runs where summary = 'stamped'");
        call(member, "delete from scenarios where name = 'versioned'");
    }

    @Test
    void aMemberEditsContentButCannotManageMembersOrByok() throws SQLException {
        try (Connection c = member.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("update scenarios set description = 'edited' where project_id = " + projectB)).isEqualTo(1);
        }
        assertRefused(member, "select add_member(" + projectB + ", 'alice@example.test', 'viewer')", NOT_ALLOWED);
        assertChangesNothingOrRefused(member, "update project_members set role = 'admin' where project_id = " + projectB,
                INSUFFICIENT_PRIVILEGE);
        assertChangesNothingOrRefused(member, "delete from project_members where project_id = " + projectB
                + " and user_id = " + bobId, INSUFFICIENT_PRIVILEGE);
        assertChangesNothingOrRefused(member, "delete from byok_credentials where project_id = " + projectB,
                INSUFFICIENT_PRIVILEGE);
        assertThat(ownerCount("select count(*) from project_members where project_id = " + projectB
                + " and role = 'admin'")).isEqualTo(1);
    }

    @Test
    void theLastAdminCannotLeaveBeRemovedOrDemoted() {
        assertFailsWith(bob, "delete from project_members where project_id = " + projectB + " and user_id = " + bobId,
                LAST_ADMIN, "at least one Admin");
        assertFailsWith(bob, "update project_members set role = 'member' where project_id = " + projectB
                + " and user_id = " + bobId, LAST_ADMIN, "at least one Admin");
        assertFailsWith(alice, "delete from project_members where project_id = " + projectA, LAST_ADMIN,
                "at least one Admin");
    }

    // ------------------------------------------------------------------ helpers

    private List<String> projectTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select table_name from information_schema.columns where table_schema = 'qodex' "
                     + "and column_name = 'project_id' and table_name in (select table_name from information_schema.tables "
                     + "where table_schema = 'qodex' and table_type = 'BASE TABLE') order by 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private List<String> insertableColumns(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                "select column_name from information_schema.columns where table_schema = 'qodex' and table_name = ? "
                        + "and is_identity = 'NO' and is_generated = 'NEVER' order by ordinal_position")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    private void seed(long projectId, long userId) throws IOException, SQLException {
        String script;
        try (InputStream in = IsolationIT.class.getResourceAsStream("seed-project-rows.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        script = script.replace(":p", Long.toString(projectId)).replace(":u", Long.toString(userId));
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("set search_path = qodex");
            s.execute(script);
        }
    }

    private static long createProject(DataSource as, String name, String slug) throws SQLException {
        return TestAccounts.createProject(as, name, slug);
    }

    private static long userId(DataSource as) throws SQLException {
        return longs(as, "select app_user_id()").get(0);
    }

    private static void call(DataSource as, String sql) throws SQLException {
        try (Connection c = as.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<Long> longs(DataSource as, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection c = as.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private long ownerCount(String sql) throws SQLException {
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("set search_path = qodex");
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void assertFailsWith(DataSource as, String sql, String state, String message) {
        assertThatThrownBy(() -> call(as, sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(state)).hasMessageContaining(message);
    }
}
