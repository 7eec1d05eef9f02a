package io.qodex.persistence.security;

import static io.qodex.persistence.testing.Sql.execute;
import static io.qodex.persistence.testing.Sql.longValue;
import static io.qodex.persistence.testing.Sql.rows;
import static io.qodex.persistence.testing.Sql.text;
import static io.qodex.persistence.testing.SqlRefusals.INSUFFICIENT_PRIVILEGE;
import static io.qodex.persistence.testing.SqlRefusals.INVALID_INPUT;
import static io.qodex.persistence.testing.SqlRefusals.NOT_ALLOWED;
import static io.qodex.persistence.testing.SqlRefusals.NOT_FOUND;
import static io.qodex.persistence.testing.SqlRefusals.assertRefused;
import static io.qodex.persistence.testing.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.apikey.ApiKeyText;
import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestApiKeys;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The secrets:read and sessions scopes at the database (decision 0031), adversarially: which ciphertexts each scope
 * gets (env:read none, sessions what a replay needs, secrets:read secrets and tokens but no stored session), that a
 * key reaches only its own project's rows and stores a session only there, and that only a key's creator, holding the
 * current project key, gives it its wrap; revoking deletes the wraps. The cryptography itself is the clients' (the
 * database cannot check a signature): ApiKeySecretsTamperIT shows what they refuse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeySecretsAttackIT {

    private static final String CIPHERTEXT = "'v1.1.c2VjcmV0Y2lwaGVydGV4dA=='";

    private TestDatabase db;
    private DataSource alice;
    private DataSource max;
    private DataSource vera;
    private DataSource bob;
    private long projectA;
    private long projectB;
    private long profileA;
    private long profileB;

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
        profileA = environment(alice, projectA, "https://qa.alpha.test");
        profileB = environment(bob, projectB, "https://qa.bravo.test");
        for (long project : new long[] {projectA, projectB}) {
            execute(db.owner(), "insert into qodex.key_rosters (scope, owner_id, epoch, body, signature, signer_id) "
                    + "select 'project', " + project + ", 1, 'roster'::bytea, decode(repeat('00', 64), 'hex'), "
                    + "created_by from qodex.projects where id = " + project);
        }
    }

    @AfterAll
    void tearDown() {
        db.close();
    }

    /** Environment QA with a plain and a secret variable and a profile with every secret column; its profile id. */
    private static long environment(DataSource as, long project, String baseUrl) throws SQLException {
        long env = longValue(as, "insert into environments (project_id, name, base_url) values (" + project + ", 'QA', '"
                + baseUrl + "') returning id");
        execute(as, "insert into environment_variables (id, project_id, environment_id, name, value) values ("
                + "(allocate_ids('environment_variables', 1))[1], " + project + ", " + env + ", 'PLAIN', 'one')");
        execute(as, "insert into environment_variables (id, project_id, environment_id, name, secret_value, is_secret) "
                + "values ((allocate_ids('environment_variables', 1))[1], " + project + ", " + env + ", 'SECRET', "
                + CIPHERTEXT + ", true)");
        return longValue(as, "insert into auth_profiles (id, project_id, environment_id, name, email, password_secret, "
                + "static_token_secret, ui_login_steps, session_secret, session_bearer_secret, session_captured_at) "
                + "values ((allocate_ids('auth_profiles', 1))[1], " + project + ", " + env + ", 'admin', 'a@b.test', "
                + CIPHERTEXT + ", " + CIPHERTEXT + ", '[]', " + CIPHERTEXT + ", " + CIPHERTEXT + ", now()) returning id");
    }

    private DataSource login(ApiKeyText key) {
        return db.as(key.roleName(), key.secret().reveal());
    }

    /** How many of the four secret columns of a profile row, and of the secret variable, the key gets. */
    private static String secretsSeen(DataSource key) throws SQLException {
        return text(key, "select (select count(secret_value) from ci_variable_rows()) || ' ' || "
                + "(select count(password_secret)::text || count(static_token_secret) from ci_profile_rows())");
    }

    @Test
    void eachScopeGetsOnlyItsCiphertexts() throws Exception {
        DataSource envRead = login(TestApiKeys.mint(alice, projectA, "env", "env:read"));
        assertThat(secretsSeen(envRead)).isEqualTo("0 00");
        for (String call : new String[] {"select * from ci_login_rows()", "select * from ci_key_anchor()",
                "select * from ci_key_wrap(1)", "select * from ci_key_rosters(1)",
                "select ci_save_session(" + profileA + ", " + CIPHERTEXT + ", null, null)"}) {
            assertRefused(envRead, call, NOT_ALLOWED);
        }

        DataSource sessions = login(TestApiKeys.mint(alice, projectA, "sessions", "sessions"));
        assertThat(secretsSeen(sessions)).isEqualTo("1 10"); // a replay needs the password and secret variables
        assertThat(text(sessions, "select count(session_secret)::text || count(session_bearer_secret) from ci_login_rows()"))
                .isEqualTo("11");

        DataSource secrets = login(TestApiKeys.mint(alice, projectA, "secrets", "secrets:read"));
        assertThat(secretsSeen(secrets)).isEqualTo("1 11");
        assertThat(text(secrets, "select count(session_secret)::text || count(session_bearer_secret) from ci_login_rows()"))
                .isEqualTo("01"); // the bearer token is a token; the browser session is the sessions scope's
        assertRefused(secrets, "select ci_save_session(" + profileA + ", " + CIPHERTEXT + ", null, null)", NOT_ALLOWED);
    }

    @Test
    void aKeyReachesOnlyItsOwnProjectsRowsAndStoresSessionsOnlyThere() throws Exception {
        DataSource key = login(TestApiKeys.mint(alice, projectA, "everything", "env:read,secrets:read,sessions"));
        assertThat(rows(key, "select base_url from ci_environment_rows()")).containsExactly("https://qa.alpha.test");
        assertThat(rows(key, "select id::text from ci_profile_rows()")).containsExactly(Long.toString(profileA));
        assertThat(rows(key, "select id::text from ci_login_rows()")).containsExactly(Long.toString(profileA));
        assertThat(rows(key, "select count(*)::text from ci_variable_rows()")).containsExactly("2");
        assertRefused(key, "select ci_save_session(" + profileB + ", " + CIPHERTEXT + ", null, null)", NOT_FOUND);
        assertThat(text(db.owner(), "select session_secret from qodex.auth_profiles where id = " + profileB))
                .isEqualTo(CIPHERTEXT.replace("'", ""));
        execute(key, "select ci_save_session(" + profileA + ", 'v1.1.bmV3c2Vzc2lvbg==', null, null)");
        assertThat(text(db.owner(), "select session_secret || ' ' || (session_captured_at > now() - interval '1 minute')"
                + " from qodex.auth_profiles where id = " + profileA)).isEqualTo("v1.1.bmV3c2Vzc2lvbg== true");
        assertRefused(key, "select ci_save_session(" + profileA + ", 'plain text session', null, null)",
                INVALID_INPUT);
        assertRefused(key, "select ci_save_session(" + profileA + ", 'v1.1.bmV3c2Vzc2lvbg==', null, 'infinity')",
                INVALID_INPUT);
        // neither the user functions nor the tables
        for (String call : new String[] {"select * from api_key_grants(" + projectA + ")",
                "select set_api_key_access('x', null, null, 1, null, null, 1, null, null, null)",
                "select add_api_key_wrap(" + projectA + ", 'abcdefgh', 1, null, null, null)",
                "select * from qodex.api_key_wraps"}) {
            assertRefused(key, call, INSUFFICIENT_PRIVILEGE);
        }
    }

    @Test
    void onlyTheCreatorHoldingTheCurrentKeyGivesAKeyItsWrapOnce() throws Exception {
        ApiKeyText key = TestApiKeys.mint(alice, projectA, "given", "secrets:read");
        String prefix = key.prefix();
        assertRefused(max, access(prefix, 1, 1), NOT_FOUND);   // another member
        assertRefused(bob, access(prefix, 1, 1), NOT_FOUND);   // another project's user
        assertRefused(alice, access(prefix, 1, 2), NOT_ALLOWED); // a version that is not current
        assertRefused(alice, access(prefix, 7, 1), INVALID_INPUT); // an epoch with no roster
        execute(alice, access(prefix, 1, 1));
        assertRefused(alice, access(prefix, 1, 1), "QX006"); // once

        ApiKeyText envOnly = TestApiKeys.mint(alice, projectA, "env-only", "env:read");
        assertRefused(alice, access(envOnly.prefix(), 1, 1), INVALID_INPUT);

        // max is a Member without a wrap of the project key (never confirmed): his key gets none from him
        ApiKeyText maxKey = TestApiKeys.mint(max, projectA, "max-secrets", "secrets:read");
        assertRefused(max, access(maxKey.prefix(), 1, 1), NOT_ALLOWED);
        assertRefused(vera, "select * from api_key_grants(" + projectA + ")", NOT_ALLOWED);
        assertRefused(bob, "select * from api_key_grants(" + projectA + ")", NOT_FOUND);
        assertRefused(max, "select add_api_key_wrap(" + projectA + ", '" + key.id() + "', 1, "
                + "decode(repeat('01', 32), 'hex'), decode(repeat('02', 60), 'hex'), decode(repeat('03', 64), 'hex'))",
                NOT_ALLOWED);
        assertThat(rows(alice, "select key_ref from api_key_grants(" + projectA + ")")).containsExactly(key.id());
        // nor its creator, outside the transaction of a rotation that made the version
        assertRefused(alice, "select add_api_key_wrap(" + projectA + ", '" + key.id() + "', 1, "
                + "decode(repeat('01', 32), 'hex'), decode(repeat('02', 60), 'hex'), decode(repeat('03', 64), 'hex'))",
                NOT_ALLOWED);

        DataSource ci = login(key);
        assertThat(text(ci, "select encode(wrapped_key, 'hex') from ci_key_wrap(1)")).isEqualTo("02".repeat(60));
        execute(alice, "select revoke_api_key(id) from project_api_key_list(" + projectA + ") where name = 'given'");
        assertThat(text(db.owner(), "select count(*) from qodex.api_key_wraps w join qodex.project_api_keys k "
                + "on k.id = w.key_id where k.prefix = '" + prefix + "'")).isEqualTo("0");
        assertThat(rows(alice, "select key_ref from api_key_grants(" + projectA + ")")).isEmpty();
    }

    private static String access(String prefix, int epoch, int version) {
        return "select set_api_key_access('" + prefix + "', decode(repeat('aa', 32), 'hex'), "
                + "decode(repeat('bb', 64), 'hex'), " + epoch + ", decode(repeat('cc', 32), 'hex'), "
                + "decode(repeat('dd', 32), 'hex'), " + version + ", decode(repeat('01', 32), 'hex'), "
                + "decode(repeat('02', 60), 'hex'), decode(repeat('03', 64), 'hex'))";
    }
}
