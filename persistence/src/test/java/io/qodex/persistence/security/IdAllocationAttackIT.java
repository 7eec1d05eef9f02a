package io.qodex.persistence.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Ids before sealing (V8, docs/decisions/0021): what a user can do with {@code allocate_ids()}, explicit ids and
 * {@code create_project()} in raw SQL. Allocating only burns numbers; a row needs an id allocated to its writer, once; nobody plants rows ahead of
 * the sequence, takes someone else's id or changes an id. Each refusal is checked by its SQLSTATE.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdAllocationAttackIT {

    private TestDatabase db;
    private DataSource alice;
    private DataSource mallory;
    private long shared;
    private long environment;

    @BeforeAll
    void setUp() throws SQLException {
        db = TestPostgres.freshDatabase();
        alice = db.as(TestAccounts.verifiedUser(db, "alice@example.test"), TestAccounts.PASSWORD);
        mallory = db.as(TestAccounts.verifiedUser(db, "mallory@example.test"), TestAccounts.PASSWORD);
        shared = TestAccounts.createProject(alice, "Shop", "shop");
        TestAccounts.join(alice, mallory, shared, "mallory@example.test", "member");
        environment = longValue(alice, "insert into environments (project_id, name, base_url) values (" + shared
                + ", 'qa', 'https://qa.example') returning id");
    }

    @AfterAll
    void tearDown() {
        db.close();
    }

    @Test
    void aRowTakesAnIdAllocatedToItsWriterOnce() throws SQLException {
        long id = allocate(alice, "environment_variables");
        execute(alice, insertVariable(Long.toString(id), "ONE"));
        assertThat(longValue(alice, "select count(*) from environment_variables where id = " + id)).isEqualTo(1);
        // the allocation is used up: a second row with that id is refused before the primary key is even asked
        execute(alice, "delete from environment_variables where id = " + id);
        assertState(alice, insertVariable(Long.toString(id), "AGAIN"), "QX002");

        long profile = allocate(alice, "auth_profiles");
        execute(alice, "insert into auth_profiles (id, project_id, environment_id, name) values (" + profile + ", "
                + shared + ", " + environment + ", 'admin')");
        assertState(alice, "insert into auth_profiles (project_id, environment_id, name) values (" + shared + ", "
                + environment + ", 'viewer')", "QX002");
    }

    @Test
    void noRowWithoutAnAllocatedIdNeitherFromTheSequenceNorPlantedAheadOfIt() throws SQLException {
        assertState(mallory, insertVariable("default", "FROM_DEFAULT"), "QX002");
        long next = allocate(mallory, "environment_variables") + 1;
        // a row planted where the sequence is going would break someone else's insert later
        assertState(mallory, insertVariable(Long.toString(next + 5), "PLANTED"), "QX002");
        assertState(mallory, "insert into environment_variables (id, project_id, environment_id, name, value) "
                + "overriding system value values (" + (next + 6) + ", " + shared + ", " + environment
                + ", 'PLANTED', 'x')", "QX002");
        assertThat(longValue(db.owner(), "select count(*) from qodex.environment_variables where id > " + next))
                .isZero();
    }

    @Test
    void anIdAllocatedToSomeoneElseCannotBeTaken() throws SQLException {
        long alices = allocate(alice, "environment_variables");
        assertState(mallory, insertVariable(Long.toString(alices), "STOLEN"), "QX002");
        execute(alice, insertVariable(Long.toString(alices), "MINE"));
        assertThat(stringValue(alice, "select name from environment_variables where id = " + alices)).isEqualTo("MINE");
    }

    @Test
    void aProjectIsCreatedOnlyUnderAnIdAllocatedToItsCreatorOnce() throws SQLException {
        long alices = allocate(alice, "projects");
        assertState(mallory, "select create_project(" + alices + ", 'Stolen', 'stolen', "
                + "(select min(org_id) from my_organizations()))", "QX002");
        assertState(mallory, "select create_project(" + (alices + 1000) + ", 'Ahead', 'ahead', "
                + "(select min(org_id) from my_organizations()))", "QX002");
        assertState(mallory, "select create_project('Old way', 'old-way')", "42883");
        assertState(mallory, "insert into projects (id, org_id, slug, name) values (" + (alices + 1001)
                + ", 1, 'direct', 'Direct')", "42501");
        assertThat(longValue(alice, "select create_project(" + alices + ", 'Mine', 'mine-" + alices + "', "
                + "(select min(org_id) from my_organizations()))"))
                .isEqualTo(alices);
        assertState(alice, "select create_project(" + alices + ", 'Again', 'again-" + alices + "', "
                + "(select min(org_id) from my_organizations()))", "QX002");
    }

    @Test
    void idsNeverChange() throws SQLException {
        long id = allocate(alice, "environment_variables");
        execute(alice, insertVariable(Long.toString(id), "FIXED"));
        assertState(alice, "update environment_variables set id = id + 1000000 where id = " + id, "QX005");
        assertState(db.owner(), "update qodex.environment_variables set id = id + 1000000 where id = " + id, "QX005");
        execute(alice, "update environment_variables set value = 'changed' where id = " + id);
    }

    @Test
    void usersHaveNoPrivilegeOnTheSequencesAndAllocateOnlyWhatIsAllowed() {
        assertState(mallory, "select nextval(pg_get_serial_sequence('qodex.environment_variables', 'id'))", "42501");
        assertState(mallory, "select setval(pg_get_serial_sequence('qodex.auth_profiles', 'id'), 1)", "42501");
        assertState(mallory, "select allocate_ids('environments', 1)", "QX005");
        assertState(mallory, "select allocate_ids('environment_variables', 0)", "QX005");
        assertState(mallory, "select allocate_ids('environment_variables', 1001)", "QX005");
        assertState(mallory, "select * from id_allocations", "42501");
        assertState(mallory, "delete from id_allocations", "42501");
        assertState(db.signup(), "select allocate_ids('environment_variables', 1)", "42501");
    }

    @Test
    void allocatingInALoopOnlyBurnsNumbersUntilItIsRefused() throws SQLException {
        DataSource loop = db.as(TestAccounts.verifiedUser(db, "loop@example.test"), TestAccounts.PASSWORD);
        for (int i = 0; i < 10; i++) {
            execute(loop, "select allocate_ids('auth_profiles', 1000)");
        }
        assertState(loop, "select allocate_ids('auth_profiles', 1)", "QX009");
        // everyone else goes on as before
        long id = allocate(alice, "auth_profiles");
        execute(alice, "insert into auth_profiles (id, project_id, environment_id, name) values (" + id + ", "
                + shared + ", " + environment + ", 'after-loop')");
        // an hour later the unused allocations are forgotten and the user may allocate again
        execute(db.owner(), "update qodex.id_allocations set allocated_at = now() - interval '61 minutes' "
                + "where user_id = (select id from qodex.users where email = 'loop@example.test')");
        execute(loop, "select allocate_ids('auth_profiles', 1)");
    }

    // ------------------------------------------------------------------ helpers

    private String insertVariable(String id, String name) {
        return "insert into environment_variables (id, project_id, environment_id, name, value) values (" + id + ", "
                + shared + ", " + environment + ", '" + name + "', 'x')";
    }

    private static long allocate(DataSource as, String table) throws SQLException {
        return longValue(as, "select (allocate_ids('" + table + "', 1))[1]");
    }

    private static void assertState(DataSource as, String sql, String state) {
        assertThatThrownBy(() -> execute(as, sql)).as(sql)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(state));
    }

    private static void execute(DataSource as, String sql) throws SQLException {
        try (Connection c = as.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long longValue(DataSource as, String sql) throws SQLException {
        try (Connection c = as.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String stringValue(DataSource as, String sql) throws SQLException {
        try (Connection c = as.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
