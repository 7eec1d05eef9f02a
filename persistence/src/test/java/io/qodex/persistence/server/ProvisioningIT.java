package io.qodex.persistence.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ProvisioningIT {

    @Test
    void twoClientsProvisioningAndMigratingTheSameFreshDatabaseAtOnceBothSucceed() throws Exception {
        try (TestDatabase db = TestPostgres.emptyDatabase()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Callable<String> client = () -> {
                    TestPostgres.prepare(db.maintenance(), name -> db.superuserOn(name), db.name());
                    return SchemaMigrator.migrate(db.jdbcUrl(), TestPostgres.INSTALLATION,
                            TestPostgres.CREDENTIALS.ownerPassword());
                };
                List<Future<String>> results = new ArrayList<>();
                results.add(pool.submit(client));
                results.add(pool.submit(client));
                for (Future<String> result : results) {
                    assertThat(result.get()).isEqualTo(latestVersion(db));
                }
            } finally {
                pool.shutdownNow();
            }
            // and once more, with everything already there
            TestPostgres.prepare(db.maintenance(), name -> db.superuserOn(name), db.name());
            SchemaMigrator.migrate(db.jdbcUrl(), TestPostgres.INSTALLATION, TestPostgres.CREDENTIALS.ownerPassword());
        }
    }

    /**
     * Any login may raise its own work_mem, but not the cap on temporary files a superuser's db init set; nor end the
     * sessions of its own role (PostgreSQL allows that by default).
     */
    @Test
    void theSignUpLoginCannotLiftTheCapOnTemporaryFiles() throws Exception {
        try (TestDatabase db = TestPostgres.emptyDatabase()) {
            TestPostgres.prepare(db.maintenance(), name -> db.superuserOn(name), db.name()); // as a superuser
            SchemaMigrator.migrate(db.jdbcUrl(), TestPostgres.INSTALLATION, TestPostgres.CREDENTIALS.ownerPassword());
            try (Connection c = db.signup().getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("show temp_file_limit")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("1GB");
                }
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("set temp_file_limit = -1"))
                        .isInstanceOfSatisfying(java.sql.SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                // every desktop shares this login: none may end or cancel another's session
                try (Connection other = db.signup().getConnection(); Statement o = other.createStatement();
                     ResultSet pid = o.executeQuery("select pg_backend_pid()")) {
                    pid.next();
                    for (String call : new String[] {"pg_terminate_backend(" + pid.getInt(1) + ")",
                            "pg_cancel_backend(" + pid.getInt(1) + ")"}) {
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("select " + call))
                                .isInstanceOfSatisfying(java.sql.SQLException.class,
                                        e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                    }
                    assertThat(other.isValid(2)).isTrue();
                }
            }
        }
    }

    /**
     * The embedded server is provisioned at every start: a sign-up held open by anyone (it locks the users group) must
     * not make that wait. A hang shows as the run not finishing within a minute.
     */
    @Test
    void provisioningAgainDoesNotWaitForASignUpHeldOpen() throws Exception {
        try (TestDatabase db = TestPostgres.emptyDatabase()) {
            TestPostgres.prepare(db.maintenance(), name -> db.superuserOn(name), db.name());
            SchemaMigrator.migrate(db.jdbcUrl(), TestPostgres.INSTALLATION, TestPostgres.CREDENTIALS.ownerPassword());
            try (Connection held = db.signup().getConnection(); Statement s = held.createStatement()) {
                s.execute("set idle_in_transaction_session_timeout = 0");
                held.setAutoCommit(false);
                s.execute("select qodex.sign_up('held@example.test', 'SCRAM-SHA-256$4096:c2FsdA==$Y2xpZW50:c2VydmVy', "
                        + "decode(repeat('01', 32), 'hex'), decode(repeat('02', 32), 'hex'), "
                        + "decode(repeat('03', 92), 'hex'), '" + io.qodex.persistence.testing.TestAccounts.fakeKeys()
                        .kdfParams() + "')");
                ExecutorService executor = Executors.newSingleThreadExecutor();
                try {
                    Future<?> again = executor.submit(() -> {
                        TestPostgres.prepare(db.maintenance(), name -> db.superuserOn(name), db.name());
                        return null;
                    });
                    again.get(60, java.util.concurrent.TimeUnit.SECONDS);
                } finally {
                    executor.shutdownNow();
                }
                held.rollback();
            }
        }
    }

    @Test
    void everyProjectOwnedTableHasRowLevelSecurityAndAProjectForeignKey() throws Exception {
        try (TestDatabase db = TestPostgres.freshDatabase();
             Connection c = db.owner().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select c.relname, c.relrowsecurity,
                            exists (select 1 from pg_constraint k
                                    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
                                    where k.conrelid = c.oid and k.contype = 'f' and a.attname = 'project_id'
                                      and k.confrelid = 'qodex.projects'::regclass)
                     from pg_class c join pg_attribute a on a.attrelid = c.oid
                     where c.relnamespace = 'qodex'::regnamespace and c.relkind = 'r' and a.attname = 'project_id'
                     """)) {
            int tables = 0;
            while (rs.next()) {
                tables++;
                assertThat(rs.getBoolean(2)).as("RLS on %s", rs.getString(1)).isTrue();
                assertThat(rs.getBoolean(3)).as("project foreign key on %s", rs.getString(1)).isTrue();
            }
            assertThat(tables).isGreaterThanOrEqualTo(20);
        }
    }

    private static String latestVersion(TestDatabase db) throws Exception {
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select max(version::int)::text from qodex.flyway_schema_history where success")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
