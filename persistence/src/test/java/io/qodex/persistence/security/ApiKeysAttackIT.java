package io.qodex.persistence.security;

import static io.qodex.persistence.testing.SqlRefusals.INSUFFICIENT_PRIVILEGE;
import static io.qodex.persistence.testing.SqlRefusals.INVALID_INPUT;
import static io.qodex.persistence.testing.SqlRefusals.NOT_ALLOWED;
import static io.qodex.persistence.testing.SqlRefusals.NOT_FOUND;
import static io.qodex.persistence.testing.SqlRefusals.assertRefused;
import static io.qodex.persistence.testing.TestAccounts.PASSWORD;
import static io.qodex.persistence.testing.Sql.execute;
import static io.qodex.persistence.testing.Sql.longValue;
import static io.qodex.persistence.testing.Sql.rows;
import static io.qodex.persistence.testing.Sql.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.apikey.ApiKeyText;
import io.qodex.domain.common.Secret;
import io.qodex.persistence.session.PgPasswordVerifiers;
import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestApiKeys;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Project API keys (F5) at the database, adversarially: a key's login reads its own project's environment through
 * the ci_* functions and nothing else (no table, no other function, no other project, no secret value); Viewers
 * cannot mint, Members change only their own keys; revoked and expired keys are refused at connect, each with its
 * own SQLSTATE; a member who leaves takes their keys with them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeysAttackIT {

    private TestDatabase db;
    private DataSource alice;
    private DataSource max;
    private DataSource vera;
    private DataSource bob;
    private long projectA;
    private long projectB;

    @BeforeAll
    void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        alice = db.as(TestAccounts.verifiedUser(db, "alice@example.test"), PASSWORD);
        max = db.as(TestAccounts.verifiedUser(db, "max@example.test"), PASSWORD);
        vera = db.as(TestAccounts.verifiedUser(db, "vera@example.test"), PASSWORD);
        bob = db.as(TestAccounts.verifiedUser(db, "bob@example.test"), PASSWORD);
        projectA = TestAccounts.createProject(alice, "Alpha", "alpha");
        projectB = TestAccounts.createProject(bob, "Bravo", "bravo");
        TestAccounts.join(alice, max, projectA, "max@example.test", "member");
        TestAccounts.join(alice, vera, projectA, "vera@example.test", "viewer");
        environment(alice, projectA, "https://qa.alpha.test");
        environment(bob, projectB, "https://qa.bravo.test");
    }

    @AfterAll
    void tearDown() {
        db.close();
    }

    /** An environment "QA" with a plain and a secret variable. */
    private static void environment(DataSource as, long project, String baseUrl) throws SQLException {
        long env = longValue(as, "insert into environments (project_id, name, base_url, production_like) values ("
                + project + ", 'QA', '" + baseUrl + "', true) returning id");
        execute(as, "insert into environment_variables (id, project_id, environment_id, name, value) values ("
                + "(allocate_ids('environment_variables', 1))[1], " + project + ", " + env + ", 'PLAIN', 'one')");
        execute(as, "insert into environment_variables (id, project_id, environment_id, name, secret_value, is_secret) "
                + "values ((allocate_ids('environment_variables', 1))[1], " + project + ", " + env
                + ", 'SECRET', 'v1.1.c2VjcmV0Y2lwaGVydGV4dA==', true)");
    }

    private DataSource login(ApiKeyText key) {
        return db.as(key.roleName(), key.secret().reveal());
    }

    @Test
    void aKeyReadsItsOwnProjectsEnvironmentWithoutSecretValues() throws Exception {
        ApiKeyText key = TestApiKeys.mint(alice, projectA, "reader", "env:read");
        DataSource ci = login(key);
        assertThat(text(ci, "select base_url || ' ' || production_like from ci_environment('qa')"))
                .isEqualTo("https://qa.alpha.test true");
        assertThat(rows(ci, "select name || '=' || coalesce(value, '<omitted>') || ' ' || is_secret "
                + "from ci_environment_variables('QA')")).containsExactly("PLAIN=one false", "SECRET=<omitted> true");
        assertThat(text(ci, "select project_slug || ' ' || key_name from ci_key()")).isEqualTo("alpha reader");
        assertThat(text(alice, "select count(*) from project_api_key_list(" + projectA + ") where name = 'reader' "
                + "and last_used_at is not null")).isEqualTo("1");
        // the key's text names its expiry: the same minute the database keeps
        assertThat(text(alice, "select extract(epoch from expires_at)::bigint from project_api_key_list(" + projectA
                + ") where name = 'reader'")).isEqualTo(Long.toString(key.expiresAt().getEpochSecond()));
    }

    @Test
    void aKeyReachesNoTableNoOtherFunctionAndNoOtherProject() throws Exception {
        ApiKeyText key = TestApiKeys.mint(alice, projectA, "prober", "env:read,webhooks");
        DataSource ci = login(key);
        for (String table : rows(db.owner(), "select tablename from pg_tables where schemaname = 'qodex'")) {
            assertRefused(ci, "select count(*) from qodex." + table, INSUFFICIENT_PRIVILEGE);
        }
        for (String call : List.of("select app_user_id()", "select create_project(1, 'x', 'xyz', 1)",
                "select project_api_key_list(" + projectA + ")", "select revoke_api_key(1)",
                "select create_api_key(" + projectA + ", 'x', 'abcdefgh', array['env:read'], now() + interval '1 day', "
                        + "'SCRAM-SHA-256$4096:AAAA$AAAA:AAAA', decode(repeat('00', 32), 'hex'))",
                "select api_key_session('env:read')", "select login_parameters('alice@example.test')")) {
            assertRefused(ci, call, INSUFFICIENT_PRIVILEGE);
        }
        assertRefused(ci, "set role " + TestPostgres.INSTALLATION.userRole(), INSUFFICIENT_PRIVILEGE);
        // project B has an environment named QA too: the key sees its own project's only
        assertThat(rows(ci, "select base_url from ci_environment('QA')")).containsExactly("https://qa.alpha.test");
        assertThat(rows(ci, "select name from ci_environment_names()"))
                .isEqualTo(rows(alice, "select name from environments where project_id = " + projectA
                        + " order by sort_order, name"));
        // a user of another project sees none of A's keys and cannot touch them
        assertRefused(bob, "select * from project_api_key_list(" + projectA + ")", NOT_FOUND);
        assertThat(text(bob, "select count(*) from project_api_keys")).isEqualTo("0");
        long id = Long.parseLong(text(alice, "select id from project_api_key_list(" + projectA + ") where name = 'prober'"));
        assertRefused(bob, "select revoke_api_key(" + id + ")", NOT_FOUND);
        assertRefused(alice, "update project_api_keys set revoked_at = null where id = " + id, INSUFFICIENT_PRIVILEGE);
        assertRefused(alice, "insert into project_api_keys (project_id, name, prefix, key_hash, scopes, created_by) "
                + "select " + projectA + ", 'raw', 'aaaaaaaaaaaaaaaaaaaaa', key_hash, scopes, created_by "
                + "from project_api_keys limit 1", INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void viewersCannotMintAndMembersChangeOnlyTheirOwnKeys() throws Exception {
        assertRefused("a Viewer mints", () -> TestApiKeys.mint(vera, projectA, "viewer-key", "env:read"), NOT_ALLOWED);
        assertRefused("a stranger mints", () -> TestApiKeys.mint(bob, projectA, "stranger-key", "env:read"), NOT_FOUND);
        TestApiKeys.mint(max, projectA, "max-ci", "env:read");
        TestApiKeys.mint(alice, projectA, "alice-ci", "env:read");
        long maxKey = Long.parseLong(text(alice, "select id from project_api_key_list(" + projectA
                + ") where name = 'max-ci' and revoked_at is null"));
        long aliceKey = Long.parseLong(text(alice, "select id from project_api_key_list(" + projectA
                + ") where name = 'alice-ci' and revoked_at is null"));
        assertRefused(max, "select revoke_api_key(" + aliceKey + ")", NOT_ALLOWED);
        assertRefused(vera, "select * from project_api_key_list(" + projectA + ")", NOT_ALLOWED);
        assertRefused("a second live key of that name", () -> TestApiKeys.mint(max, projectA, "MAX-CI", "env:read"), "QX004");
        assertRefused("an unknown scope", () -> TestApiKeys.mint(max, projectA, "admin-ish", "env:read,admin"), INVALID_INPUT);
        execute(alice, "select revoke_api_key(" + maxKey + ")"); // an Admin revokes anyone's
        assertRefused(max, "select revoke_api_key(" + maxKey + ")", "QX006");
    }

    @Test
    void revokedAndExpiredKeysAreRefusedAtConnectEachWithItsOwnState() throws Exception {
        ApiKeyText revoked = TestApiKeys.mint(alice, projectA, "to-revoke", "env:read");
        try (Connection open = login(revoked).getConnection()) {
            execute(alice, "select revoke_api_key(id) from project_api_key_list(" + projectA
                    + ") where name = 'to-revoke' and revoked_at is null");
            // a connection made before is ended by the revocation
            try (Statement s = open.createStatement()) {
                assertRefused("a call after the revocation", () -> s.executeQuery("select * from ci_key()"),
                        "57P01", "08006", "08003");
            }
        }
        assertRefused("connecting with a revoked key", () -> login(revoked).getConnection().close(), "28000");

        ApiKeyText expired = TestApiKeys.mint(alice, projectA, "to-expire", "env:read");
        try (Connection c = db.superuser().getConnection(); Statement s = c.createStatement()) {
            s.execute("alter role " + expired.roleName() + " valid until '2001-01-01'");
        }
        assertRefused("connecting with an expired key", () -> login(expired).getConnection().close(), "28P01");

        ApiKeyText rotated = TestApiKeys.mint(alice, projectA, "to-rotate", "env:read");
        ApiKeyText.Fresh next = ApiKeyText.Fresh.generate();
        String prefix = text(alice, "select rotate_api_key(id, '" + next.id() + "', '"
                + new PgPasswordVerifiers().scramSha256(next.secret()) + "', decode(repeat('ab', 32), 'hex')) "
                + "from project_api_key_list(" + projectA + ") where name = 'to-rotate' and revoked_at is null");
        assertRefused("connecting with a rotated key", () -> login(rotated).getConnection().close(), "28000");
        try (Secret secret = next.secret()) {
            assertThat(text(login(ApiKeyText.of(prefix, secret)), "select key_name from ci_key()")).isEqualTo("to-rotate");
        }
    }

    @Test
    void aMemberWhoLeavesOrBecomesAViewerTakesTheirKeysWithThem() throws Exception {
        DataSource lea = db.as(TestAccounts.verifiedUser(db, "lea@example.test"), PASSWORD);
        TestAccounts.join(alice, lea, projectA, "lea@example.test", "member");
        ApiKeyText leaving = TestApiKeys.mint(lea, projectA, "lea-ci", "env:read");
        assertThat(text(login(leaving), "select key_name from ci_key()")).isEqualTo("lea-ci");
        long lea1 = Long.parseLong(text(lea, "select app_user_id()"));
        execute(alice, "update project_members set role = 'viewer' where project_id = " + projectA + " and user_id = " + lea1);
        assertRefused("a key of a member who became a Viewer", () -> login(leaving).getConnection().close(), "28000");
        assertThat(text(alice, "select count(*) from project_api_key_list(" + projectA + ") where name = 'lea-ci' "
                + "and revoked_at is not null")).isEqualTo("1");
    }

    @Test
    void aKeysOpenTransactionHoldsUpNeitherItsRevocationNorItsCreatorsRemoval() throws Exception {
        DataSource ivy = db.as(TestAccounts.verifiedUser(db, "ivy@example.test"), PASSWORD);
        TestAccounts.join(alice, ivy, projectA, "ivy@example.test", "member");
        long ivyId = Long.parseLong(text(ivy, "select app_user_id()"));
        ApiKeyText key = TestApiKeys.mint(ivy, projectA, "ivy-ci", "env:read");
        try (Connection held = login(key).getConnection(); Statement s = held.createStatement()) {
            s.execute("set idle_in_transaction_session_timeout = 0");
            s.execute("begin");
            s.executeQuery("select * from ci_key()").close(); // stamps the last use, and stays open
            long started = System.nanoTime();
            execute(alice, "delete from project_members where project_id = " + projectA + " and user_id = " + ivyId);
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms the removal waited").isLessThan(3_000);
            assertRefused("the ended session", () -> s.executeQuery("select * from ci_key()"), "57P01", "08006", "08003");
        }
        assertRefused("connecting after the creator left", () -> login(key).getConnection().close(), "28000");
    }

    @Test
    void aNewKeysFirstCallHeldOpenDoesNotHoldUpItsRevocation() throws Exception {
        ApiKeyText key = TestApiKeys.mint(alice, projectA, "first-use", "env:read");
        try (Connection held = login(key).getConnection(); Statement s = held.createStatement()) {
            s.execute("set idle_in_transaction_session_timeout = 0");
            s.execute("set statement_timeout = 0");
            s.execute("begin");
            s.executeQuery("select * from ci_key()").close(); // its first use, in a transaction it keeps open
            long started = System.nanoTime();
            execute(alice, "select revoke_api_key(id) from project_api_key_list(" + projectA
                    + ") where name = 'first-use' and revoked_at is null");
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms the revocation waited").isLessThan(3_000);
            assertRefused("the ended session", () -> s.executeQuery("select * from ci_key()"), "57P01", "08006", "08003");
        }
    }

    @Test
    void aPersonHasAtMostTenLiveKeysAndALegacyRowWithoutALoginBlocksNothing() throws Exception {
        DataSource kim = db.as(TestAccounts.verifiedUser(db, "kim@example.test"), PASSWORD);
        long projectK = TestAccounts.createProject(kim, "Kilo", "kilo");
        for (int i = 0; i < 10; i++) {
            TestApiKeys.mint(kim, projectK, "k" + i, "env:read");
        }
        assertRefused("an eleventh live key", () -> TestApiKeys.mint(kim, projectK, "k10", "env:read"), "QX004");
        // a row written before V12 by a client (no login): its creator can still leave or be removed
        DataSource lou = db.as(TestAccounts.verifiedUser(db, "lou@example.test"), PASSWORD);
        TestAccounts.join(kim, lou, projectK, "lou@example.test", "member");
        long louId = Long.parseLong(text(lou, "select app_user_id()"));
        execute(db.superuser(), "insert into qodex.project_api_keys (project_id, name, prefix, key_hash, scopes, "
                + "created_by, expires_at) values (" + projectK + ", 'legacy', 'aaaaaalegacyaaaaaaaaa', "
                + "sha256('x'::bytea), '{env:read}', " + louId + ", now() + interval '1 day')");
        execute(kim, "update project_members set role = 'viewer' where project_id = " + projectK + " and user_id = " + louId);
        assertThat(text(kim, "select count(*) from project_api_key_list(" + projectK + ") where name = 'legacy' "
                + "and revoked_at is not null")).isEqualTo("1");
    }

    @Test
    void aMintHeldOpenBlocksNoWriteAndItsKeyDiesWithItsCreatorsMembership() throws Exception {
        DataSource joe = db.as(TestAccounts.verifiedUser(db, "joe@example.test"), PASSWORD);
        TestAccounts.join(alice, joe, projectA, "joe@example.test", "member");
        long joeId = Long.parseLong(text(joe, "select app_user_id()"));
        ApiKeyText.Fresh fresh = ApiKeyText.Fresh.generate();
        String prefix;
        try (Connection c = joe.getConnection(); Statement s = c.createStatement()) {
            s.execute("begin");
            try (ResultSet rs = s.executeQuery("select create_api_key(" + projectA + ", 'racer', '" + fresh.id()
                    + "', array['env:read'], now() + interval '2 days', '"
                    + new PgPasswordVerifiers().scramSha256(fresh.secret()) + "', decode(repeat('cd', 32), 'hex'))")) {
                rs.next();
                prefix = rs.getString(1);
            }
            // while the mint is open: the project's writes and the creator's removal go on
            long started = System.nanoTime();
            execute(alice, "insert into environments (project_id, name, base_url) values (" + projectA
                    + ", 'During a mint', 'https://during.test')");
            execute(alice, "delete from project_members where project_id = " + projectA + " and user_id = " + joeId);
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms the writes waited").isLessThan(3_000);
            s.execute("commit");
        }
        // the key committed after its creator left: its login exists, and every call is refused
        try (Secret secret = fresh.secret(); ApiKeyText key = ApiKeyText.of(prefix, secret)) {
            assertRefused(login(key), "select * from ci_key()", NOT_ALLOWED);
        }
    }

    @Test
    void theCallersTimeZoneDoesNotMoveTheLoginsExpiryAndUnbuiltScopesAreRefused() throws Exception {
        ApiKeyText.Fresh fresh = ApiKeyText.Fresh.generate();
        try (Connection c = alice.getConnection(); Statement s = c.createStatement()) {
            s.execute("set timezone = 'UTC-15:59'");
            s.execute("set datestyle = 'ISO, DMY'"); // (the JDBC driver needs ISO; psql was tried with SQL, DMY too)
            s.execute("select create_api_key(" + projectA + ", 'zoned', '" + fresh.id() + "', array['env:read'], "
                    + "now() + interval '3 days', '" + new PgPasswordVerifiers().scramSha256(fresh.secret())
                    + "', decode(repeat('ef', 32), 'hex'))");
        }
        assertThat(text(db.superuser(), "select (r.rolvaliduntil = k.expires_at)::text from pg_roles r "
                + "join qodex.project_api_keys k on k.role_name = r.rolname where k.name = 'zoned'")).isEqualTo("true");
    }
}
