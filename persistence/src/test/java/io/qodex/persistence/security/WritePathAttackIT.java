package io.qodex.persistence.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.account.Email;
import io.qodex.persistence.session.SignupDirectory;
import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * docs/security.md: what a signed-up user (a database login) tries against the write paths with raw SQL, and what the
 * database answers. Each refusal is checked by its SQLSTATE, so a typo cannot pass as "refused".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WritePathAttackIT {

    private static final String PASSWORD = TestAccounts.PASSWORD;

    private TestDatabase db;
    private DataSource alice;
    private DataSource mallory;
    private long aliceId;
    private long malloryId;
    private long project;
    private long malloryProject;

    @BeforeAll
    void setUp() throws SQLException {
        db = TestPostgres.freshDatabase();
        TestAccounts.verifiedUser(db, "root@example.test");
        alice = db.as(TestAccounts.verifiedUser(db, "alice@example.test"), PASSWORD);
        mallory = db.as(TestAccounts.verifiedUser(db, "mallory@example.test"), PASSWORD);
        aliceId = longValue(alice, "select app_user_id()");
        malloryId = longValue(mallory, "select app_user_id()");
        project = TestAccounts.createProject(alice, "Shop", "shop");
        malloryProject = TestAccounts.createProject(mallory, "Mine", "mine");
        TestAccounts.join(alice, mallory, project, "mallory@example.test", "member");
    }

    @AfterAll
    void tearDown() {
        db.close();
    }

    // ------------------------------------------------------------------ usage ledger

    @Test
    void aMemberCannotWriteANegativeOrBackDatedCostOrAnyUsageRowDirectly() throws SQLException {
        assertState(mallory, "insert into llm_usage_log (idempotency_key, project_id, org_id, user_id, provider, model, "
                + "source, funding, outcome, cost_micros, created_at) values (gen_random_uuid(), " + project
                + ", 1, " + malloryId + ", 'openai', 'gpt-4o', 'x', 'platform', 'ok', -30000000, now() - interval '8 days')",
                "42501");
        assertState(mallory, record(project, "gpt-4o-mini", "platform", -5, 10, 0), "QX005");
        assertState(mallory, record(project, "gpt-4o-mini", "platform", 10, -10, 0), "QX005");
        assertState(mallory, record(project, "gpt-4o-mini", "platform", 10, 10, 11), "QX005");
        assertState(mallory, record(project, "gpt-4o-mini", "free-lunch", 10, 10, 0), "QX005");
        assertState(mallory, record(project - 1000, "gpt-4o-mini", "platform", 10, 10, 0), "QX002");
        // the owner's own CHECK constraint stops a negative cost even from a definer function or a repair
        assertState(db.owner(), "insert into qodex.llm_usage_log (idempotency_key, project_id, org_id, user_id, provider, "
                + "model, source, funding, outcome, cost_micros) values (gen_random_uuid(), " + project + ", 1, "
                + malloryId + ", 'openai', 'm', 's', 'platform', 'ok', -1)", "23514");
    }

    @Test
    void theLedgerStampsTheTimeTheCallerAndTheCostFromThePriceTable() throws SQLException {
        UUID id = UUID.randomUUID();
        execute(mallory, "select record_llm_usage(array['" + id + "']::uuid[], array[" + project + "]::bigint[], "
                + "array['openai'], array['gpt-4o-mini'], array['assistant'], array['platform'], array[1000000], "
                + "array[1000000], array[0], array[5], array['ok'], array[null]::text[])");
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select user_id, cost_micros, created_at > now() - interval '1 minute', org_id = "
                     + "(select org_id from qodex.projects where id = " + project + ") from qodex.llm_usage_log "
                     + "where idempotency_key = '" + id + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(malloryId);
            assertThat(rs.getLong(2)).as("1M input at $0.15 + 1M output at $0.60").isEqualTo(750_000);
            assertThat(rs.getBoolean(3)).isTrue();
            assertThat(rs.getBoolean(4)).isTrue();
        }
    }

    @Test
    void aUsageRowSettlesOnlyTheReservationOfItsOwnProject() throws SQLException {
        UUID reservation = UUID.randomUUID();
        execute(alice, "select * from llm_reserve(" + project + ", '" + reservation + "', 1000000, 600)");
        // mallory records a call in her own project under the id of alice's reservation in the shared project
        execute(mallory, "select record_llm_usage(array['" + reservation + "']::uuid[], array[" + malloryProject
                + "]::bigint[], array['openai'], array['gpt-4o-mini'], array['x'], array['platform'], array[1], array[1], "
                + "array[0], array[1], array['ok'], array[null]::text[])");
        assertThat(longValue(db.owner(), "select count(*) from qodex.llm_reservations where id = '" + reservation + "'"))
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------ denial of service

    @Test
    void holdingTheOldAdvisoryLockKeyNoLongerBlocksCapAdmission() throws SQLException {
        try (Connection holder = mallory.getConnection(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("select pg_advisory_xact_lock(hashtext('qodex.llm_reserve'), " + project + "::integer)");
            execute(alice, "select * from llm_reserve(" + project + ", gen_random_uuid(), 1, 60)"); // does not wait
            holder.rollback();
        }
    }

    @Test
    void aUserCannotCreateLargeObjectsNorReachTheMaintenanceDatabases() throws SQLException {
        assertState(mallory, "select lo_create(0)", "42501");
        assertState(mallory, "select lo_from_bytea(0, '\\x00'::bytea)", "42501");
        for (String maintenance : List.of("postgres", "template1")) {
            org.postgresql.ds.PGSimpleDataSource other = (org.postgresql.ds.PGSimpleDataSource) mallory;
            org.postgresql.ds.PGSimpleDataSource there = new org.postgresql.ds.PGSimpleDataSource();
            there.setUrl(other.getUrl());
            there.setDatabaseName(maintenance);
            there.setUser(other.getUser());
            there.setPassword(PASSWORD);
            assertThatThrownBy(() -> there.getConnection().close()).as(maintenance)
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void userLoginsHaveConnectionLimitsAndTimeouts() throws SQLException {
        assertThat(longValue(db.owner(), "select rolconnlimit from pg_roles where rolname = '"
                + ((org.postgresql.ds.PGSimpleDataSource) mallory).getUser() + "'")).isEqualTo(12);
        try (Connection c = mallory.getConnection(); Statement s = c.createStatement()) {
            for (String[] setting : new String[][] {{"statement_timeout", "1min"},
                    {"idle_in_transaction_session_timeout", "1min"}, {"lock_timeout", "10s"}}) {
                try (ResultSet rs = s.executeQuery("show " + setting[0])) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting[0]).isEqualTo(setting[1]);
                }
            }
        }
    }

    @Test
    void aProjectSendsAtMostItsHourlyInvitationsAndAnAddressGetsAtMostThreeMails() throws SQLException {
        long spam = TestAccounts.createProject(mallory, "Spam", "spam");
        for (int i = 0; i < 3; i++) { // re-inviting the same address counts once for the project
            execute(mallory, "select add_member(" + spam + ", 'target@example.test', 'viewer')");
        }
        for (int i = 0; i < 2; i++) {
            execute(mallory, "select add_member(" + spam + ", 'target@example.test', 'member')");
        }
        assertThat(db.mailBodiesTo("target@example.test")).hasSize(3);
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into qodex.rate_events (bucket) select 'invite_project:" + spam + "' from generate_series(1, 100)");
        }
        assertState(mallory, "select add_member(" + spam + ", 'other@example.test', 'viewer')", "QX009");
    }

    /** A user who invited an address cannot hold up its verification by keeping the invitation row locked. */
    @Test
    void anInvitationHeldLockedDoesNotHoldUpTheInviteesVerification() throws Exception {
        long lure = TestAccounts.createProject(mallory, "Lure", "lure");
        execute(mallory, "select add_member(" + lure + ", 'invitee@example.test', 'viewer')");
        TestAccounts.unverifiedUser(db, "invitee@example.test");
        String code = db.codeFromMail("invitee@example.test", "Verification code");
        try (Connection held = mallory.getConnection(); Statement s = held.createStatement()) {
            s.execute("set idle_in_transaction_session_timeout = 0");
            held.setAutoCommit(false);
            assertThat(s.executeUpdate("delete from project_invitations where email = 'invitee@example.test'"))
                    .isEqualTo(1);
            TestAccounts.verify(db, "invitee@example.test", code);
            held.rollback();
        }
        assertThat(longValue(db.owner(), "select count(*) from qodex.users where email = 'invitee@example.test' "
                + "and verified_at is not null")).isEqualTo(1L);
    }

    // ------------------------------------------------------------------ attribution

    @Test
    void authorsAndTimesAreTheDatabasesNotTheClients() throws SQLException {
        long chat = longValue(mallory, "insert into chats (project_id, title, created_by, created_at) values (" + project
                + ", 'mine', " + aliceId + ", '2020-01-01') returning id");
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select created_by, created_at > now() - interval '1 minute' from qodex.chats "
                     + "where id = " + chat)) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(malloryId);
            assertThat(rs.getBoolean(2)).isTrue();
        }
        execute(mallory, "update chats set created_by = " + aliceId + " where id = " + chat);
        assertThat(longValue(db.owner(), "select created_by from qodex.chats where id = " + chat)).isEqualTo(malloryId);
        execute(mallory, "insert into project_memory (project_id, document, content, updated_by) values (" + project
                + ", 'project.md', 'x', " + aliceId + ") on conflict (project_id, document) do update set "
                + "content = 'y', updated_by = " + aliceId);
        assertThat(longValue(db.owner(), "select updated_by from qodex.project_memory where project_id = " + project))
                .isEqualTo(malloryId);
        long message = longValue(mallory, "insert into chat_messages (project_id, chat_id, role, content, created_by) values ("
                + project + ", " + chat + ", 'user', 'hi', " + aliceId + ") returning id");
        assertThat(longValue(db.owner(), "select created_by from qodex.chat_messages where id = " + message))
                .isEqualTo(malloryId);
    }

    @Test
    void noSecretIsWrittenWhileARotationIsDue() throws SQLException {
        long other = TestAccounts.createProject(alice, "Due", "due");
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("update qodex.projects set rotation_needed = true where id = " + other);
        }
        long environment = longValue(alice, "insert into environments (project_id, name, base_url) values (" + other
                + ", 'qa', 'https://qa.example') returning id");
        assertState(alice, "insert into environment_variables (id, project_id, environment_id, name, is_secret, "
                + "secret_value) values ((allocate_ids('environment_variables', 1))[1], " + other + ", " + environment
                + ", 'K', true, 'v1.1.AAAA')", "QX007");
    }

    // ------------------------------------------------------------------ account existence

    @Test
    void theAccountFunctionsAnswerAlikeForAddressesWithAndWithoutAnAccount() throws SQLException {
        SignupDirectory directory = new SignupDirectory(db.settings());
        String known = directory.loginParameters(new Email("alice@example.test"));
        String unknown = directory.loginParameters(new Email("nobody@example.test"));
        assertThat(unknown).matches("qodex-kdf-v2;argon2id;v=19;m=19456;t=2;p=1;salt=[A-Za-z0-9+/]{22}==");
        assertThat(known).matches("qodex-kdf-v2;argon2id;v=19;m=19456;t=2;p=1;salt=[A-Za-z0-9+/]{22}==");
        assertThat(directory.loginParameters(new Email("nobody@example.test"))).as("stable").isEqualTo(unknown);
        // signing up an address that has an account answers like a new one (its owner gets a mail instead)
        TestAccounts.unverifiedUser(db, "alice@example.test");
        assertThat(db.mailBodiesTo("alice@example.test").get(0)).contains("has one already");
        // resend and reset are silent either way; a wrong code gets the same sentence
        directory.resendVerification(new Email("nobody@example.test"));
        directory.resendVerification(new Email("alice@example.test"));
        String forUnknown = refusal("nobody@example.test");
        String forKnown = refusal("alice@example.test");
        assertThat(forKnown).isEqualTo(forUnknown);
        // an Admin adding an address learns nothing either: every address is invited
        assertThat(stringValue(mallory, "select add_member(" + malloryProject + ", 'root@example.test', 'viewer')"))
                .isEqualTo("invited");
        assertThat(stringValue(mallory, "select add_member(" + malloryProject + ", 'ghost@example.test', 'viewer')"))
                .isEqualTo("invited");
    }

    @Test
    void userLoginsCannotComputeRoleNamesNorReadTheInstallationSecret() throws SQLException {
        assertState(mallory, "select role_name_for('alice@example.test')", "42501");
        assertState(mallory, "select * from installation_secret", "42501");
        assertState(mallory, "select installation_hmac('role', 'alice@example.test')", "42501");
        // and the role name is not the unsalted hash anyone can compute
        String role = ((org.postgresql.ds.PGSimpleDataSource) alice).getUser();
        String unsalted = stringValue(db.owner(), "select left(qodex.base32(sha256(convert_to('alice@example.test', 'UTF8'))), 24)");
        assertThat(role).doesNotContain(unsalted);
    }

    private String refusal(String email) throws SQLException {
        try (Connection c = db.signup().getConnection(); PreparedStatement p = c.prepareStatement("select verify_email(?, ?)")) {
            p.setString(1, email);
            p.setString(2, "ABCD-EFGH-JKMN");
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    // ------------------------------------------------------------------ notifications

    @Test
    void notificationsGoToChannelsOnlyMembersCanNameAndLeaversStopHearing() throws Exception {
        long secret = TestAccounts.createProject(alice, "Secret", "secret-project");
        List<String> mine = channels(mallory);
        String secretChannel = stringValue(db.owner(), "select notify_channel from qodex.projects where id = " + secret);
        assertThat(mine).doesNotContain(secretChannel);
        try (Connection listener = mallory.getConnection(); Statement s = listener.createStatement()) {
            s.execute("listen qodex_changes"); // the old global channel: silent now
            for (String channel : mine) {
                s.execute("listen \"" + channel + "\"");
            }
            execute(alice, "insert into chats (project_id, title) values (" + secret + ", 'hidden')");
            execute(alice, "insert into chats (project_id, title) values (" + project + ", 'shared')");
            List<PGNotification> heard = drain(listener, 1);
            assertThat(heard).extracting(PGNotification::getName).containsOnly(channelOf(project));
            assertThat(heard).extracting(PGNotification::getParameter).allMatch(p -> p.contains("\"chats\""));
        }
        // mallory leaves a project: its channel is renamed, she no longer hears it
        long club = TestAccounts.createProject(alice, "Club", "club");
        TestAccounts.join(alice, mallory, club, "mallory@example.test", "viewer");
        String before = channelOf(club);
        assertThat(channels(mallory)).contains(before);
        execute(mallory, "delete from project_members where project_id = " + club + " and user_id = app_user_id()");
        assertThat(channelOf(club)).isNotEqualTo(before);
        assertThat(channels(mallory)).doesNotContain(before, channelOf(club));
    }

    private String channelOf(long projectId) throws SQLException {
        return stringValue(db.owner(), "select notify_channel from qodex.projects where id = " + projectId);
    }

    private static List<String> channels(DataSource as) throws SQLException {
        List<String> channels = new ArrayList<>();
        try (Connection c = as.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select channel from my_channels()")) {
            while (rs.next()) {
                channels.add(rs.getString(1));
            }
        }
        return channels;
    }

    /** Waits for at least {@code expected} notifications (the event, not a sleep), then takes what else arrived. */
    private static List<PGNotification> drain(Connection listener, int expected) throws SQLException {
        List<PGNotification> heard = new ArrayList<>();
        PGConnection pg = listener.unwrap(PGConnection.class);
        while (heard.size() < expected) {
            PGNotification[] batch = pg.getNotifications(10_000);
            if (batch == null || batch.length == 0) {
                break;
            }
            heard.addAll(List.of(batch));
        }
        try (Statement s = listener.createStatement()) {
            s.execute("select 1"); // a round trip after the commits: anything else sent is in by now
        }
        PGNotification[] rest = pg.getNotifications();
        if (rest != null) {
            heard.addAll(List.of(rest));
        }
        return heard;
    }

    // ------------------------------------------------------------------ helpers

    private static String record(long projectId, String model, String funding, int input, int output, int cached) {
        return "select record_llm_usage(array[gen_random_uuid()], array[" + projectId + "]::bigint[], array['openai'], "
                + "array['" + model + "'], array['x'], array['" + funding + "'], array[" + input + "], array[" + output
                + "], array[" + cached + "], array[1], array['ok'], array[null]::text[])";
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
