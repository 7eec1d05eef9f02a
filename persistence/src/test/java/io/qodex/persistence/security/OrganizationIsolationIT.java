package io.qodex.persistence.security;

import static io.qodex.persistence.testing.SqlRefusals.INSUFFICIENT_PRIVILEGE;
import static io.qodex.persistence.testing.SqlRefusals.LAST_ADMIN;
import static io.qodex.persistence.testing.SqlRefusals.NOT_ALLOWED;
import static io.qodex.persistence.testing.SqlRefusals.NOT_FOUND;
import static io.qodex.persistence.testing.SqlRefusals.assertRefused;
import static io.qodex.persistence.testing.SqlRefusals.assertSeesNothingOrRefused;
import static io.qodex.persistence.testing.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.apikey.ApiKeyText;
import io.qodex.persistence.session.PgPasswordVerifiers;
import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Organizations, adversarially at the SQL level (docs/security.md, "Organizations"; decision 0030): two organizations,
 * Acme and Bolt, each with an admin, a project, an organization key, a platform key, a price, usage and an API key.
 * Connected with raw JDBC, Acme's people see nothing of Bolt's and can change nothing of it; a member cannot promote
 * themselves; no organization loses its last admin, also when two admins demote each other at once; the public sign-up
 * login creates and joins nothing; nobody creates a project in an organization they are not in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationIsolationIT {

    private TestDatabase db;
    private DataSource root;
    private DataSource ann;   // Acme's admin
    private DataSource cara;  // Acme's member
    private DataSource bea;   // Bolt's admin
    private DataSource dan;   // Bolt's second admin
    private DataSource eve;   // verified, in no organization
    private long acme;
    private long bolt;
    private long acmeProject;
    private long boltProject;

    @BeforeAll
    void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        root = as("root@example.test"); // the installation's first verified account: the seeded organization's admin
        ann = as("ann@example.test");
        cara = as("cara@example.test");
        bea = as("bea@example.test");
        dan = as("dan@example.test");
        eve = as("eve@example.test");
        acme = single(ann, "select create_organization('Acme', 'acme')");
        bolt = single(bea, "select create_organization('Bolt', 'bolt')");
        execute(ann, "select org_invite(" + acme + ", 'cara@example.test', 'member')");
        execute(cara, "select accept_org_invitation(" + acme + ")");
        execute(bea, "select org_invite(" + bolt + ", 'dan@example.test', 'admin')");
        execute(dan, "select accept_org_invitation(" + bolt + ")");
        acmeProject = project(ann, "Acme app", "acme-app", acme);
        boltProject = project(bea, "Bolt app", "bolt-app", bolt);
        for (long org : new long[] {acme, bolt}) {
            DataSource admin = org == acme ? ann : bea;
            execute(admin, "select create_org_key(" + org + ", '\\x" + "11".repeat(32) + "'::bytea, '\\x" + "22".repeat(48)
                    + "'::bytea, '\\x" + "33".repeat(64) + "'::bytea)");
            execute(admin, "insert into org_platform_keys (org_id, provider, key_secret, last_four) values (" + org
                    + ", 'openai', 'v1.1.c2VjcmV0Y2lwaGVydGV4dA==', 'abcd')");
            execute(admin, "insert into llm_prices (org_id, provider, model, valid_from, input_usd_per_mtok, "
                    + "output_usd_per_mtok, cached_usd_per_mtok) values (" + org + ", 'openai', 'org-model-" + org
                    + "', current_date, 1, 2, 0.5)");
        }
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into qodex.llm_usage_log (idempotency_key, project_id, org_id, user_id, provider, model, "
                    + "source, funding, outcome, cost_micros) values (gen_random_uuid(), " + boltProject + ", " + bolt
                    + ", (select id from qodex.users where email = 'bea@example.test'), 'openai', 'gpt-4o-mini', 'test', "
                    + "'platform', 'ok', 12345)");
        }
        mintApiKey(bea, boltProject);
    }

    @AfterAll
    void tearDown() {
        db.close();
    }

    private DataSource as(String email) {
        return db.as(TestAccounts.verifiedUserWithoutOrganization(db, email), PASSWORD);
    }

    @Test
    void aProjectGuestFromOutsideCannotChargeTheOrganizationsPlatformKey() throws SQLException {
        DataSource guy = as("guy@example.test"); // in no organization; a Member of Acme's project only
        TestAccounts.join(ann, guy, acmeProject, "guy@example.test", "member");
        String usage = "select record_llm_usage(array[gen_random_uuid()], array[" + acmeProject + "::bigint], "
                + "array['openai'], array['gpt-4o'], array['chat'], array['%s'], array[2000000000], array[2000000000], "
                + "array[0], array[10], array['ok'], array[null::text])";
        assertRefused(guy, usage.formatted("platform"), NOT_ALLOWED);
        execute(guy, usage.formatted("byok")); // with the project's own key, as any project Member
        execute(ann, usage.formatted("platform")); // a Member of the project in its organization: the organization pays
    }

    @Test
    void anInvitationLapsesWhenTheAdminWhoSentItIsNoLongerOne() throws SQLException {
        DataSource gil = as("gil@example.test");
        DataSource hal = as("hal@example.test");
        DataSource ivy = as("ivy@example.test");
        long gale = single(gil, "select create_organization('Gale', 'gale')");
        execute(gil, "select org_invite(" + gale + ", 'hal@example.test', 'admin')");
        execute(hal, "select accept_org_invitation(" + gale + ")");
        execute(hal, "select org_invite(" + gale + ", 'ivy@example.test', 'admin')"); // hal's back door, before leaving
        execute(gil, "select org_remove_member(" + gale + ", 'hal@example.test')");
        assertRefused(ivy, "select accept_org_invitation(" + gale + ")", NOT_FOUND);
        assertThat(single(ivy, "select count(*) from my_organizations()")).isZero();
    }

    @Test
    void theFirstVerifiedAccountAdministersTheSeededOrganizationAndLaterOnesJoinNothing() throws SQLException {
        assertThat(strings(root, "select slug || ':' || role from my_organizations()")).containsExactly("default:admin");
        assertThat(single(eve, "select count(*) from my_organizations()")).isZero();
        assertThat(strings(ann, "select slug || ':' || role from my_organizations() where slug = 'acme'"))
                .containsExactly("acme:admin");
    }

    @Test
    void acmesPeopleSeeNothingOfBoltsProjectsSpendKeysOrMembers() throws SQLException {
        for (DataSource acmePerson : List.of(ann, cara)) {
            String bolts = " where org_id = " + bolt;
            assertSeesNothingOrRefused(acmePerson, "select count(*) from projects where id = " + boltProject,
                    INSUFFICIENT_PRIVILEGE);
            assertSeesNothingOrRefused(acmePerson, "select count(*) from organizations where id = " + bolt,
                    INSUFFICIENT_PRIVILEGE);
            for (String table : List.of("org_members", "org_keys", "org_key_wraps", "org_platform_keys", "llm_prices",
                    "llm_usage_log", "llm_usage_daily", "llm_usage_hourly", "llm_usage_org_daily",
                    "llm_usage_project_daily", "llm_usage_project_weekly")) {
                assertSeesNothingOrRefused(acmePerson, "select count(*) from " + table + bolts, INSUFFICIENT_PRIVILEGE);
            }
            assertSeesNothingOrRefused(acmePerson, "select count(*) from key_rosters where scope = 'org' and owner_id = "
                    + bolt, INSUFFICIENT_PRIVILEGE);
            assertSeesNothingOrRefused(acmePerson, "select count(*) from project_api_keys where project_id = "
                    + boltProject, INSUFFICIENT_PRIVILEGE);
            assertSeesNothingOrRefused(acmePerson, "select count(*) from project_caps where project_id = " + boltProject,
                    INSUFFICIENT_PRIVILEGE);
            assertSeesNothingOrRefused(acmePerson, "select count(*) from users where email in ('bea@example.test', "
                    + "'dan@example.test')", INSUFFICIENT_PRIVILEGE);
            assertSeesNothingOrRefused(acmePerson, "select count(*) from user_keys where user_id in ("
                    + ownerLong("select id from qodex.users where email = 'bea@example.test'") + ", "
                    + ownerLong("select id from qodex.users where email = 'dan@example.test'") + ")", INSUFFICIENT_PRIVILEGE);
            assertSeesNothingOrRefused(acmePerson, "select count(*) from org_member_list(" + bolt + ")",
                    INSUFFICIENT_PRIVILEGE, NOT_ALLOWED);
            assertRefused(acmePerson, "select * from llm_caps(" + boltProject + ")", NOT_ALLOWED, NOT_FOUND);
        }
        // what Acme's admin does see: their own organization's members, keys and prices, and the defaults
        assertThat(single(ann, "select count(*) from org_members where org_id = " + acme)).isEqualTo(2);
        assertThat(single(ann, "select count(*) from org_platform_keys")).isEqualTo(1);
        assertThat(single(ann, "select count(*) from llm_prices where org_id is null")).isPositive();
        assertThat(single(cara, "select count(*) from org_members where org_id = " + acme))
                .as("a member sees only their own membership")
                .isEqualTo(1);
        assertSeesNothingOrRefused(cara, "select count(*) from project_api_keys", INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void acmesAdminChangesNothingOfBolt() throws SQLException {
        assertRefused(ann, "select org_invite(" + bolt + ", 'ann@example.test', 'admin')", NOT_ALLOWED);
        assertRefused(ann, "select org_set_role(" + bolt + ", 'bea@example.test', 'member')", NOT_ALLOWED);
        assertRefused(ann, "select org_remove_member(" + bolt + ", 'dan@example.test')", NOT_ALLOWED);
        assertRefused(ann, "select create_org_key(" + bolt + ", '\\x" + "00".repeat(32) + "'::bytea, '\\x00'::bytea, "
                + "'\\x00'::bytea)", NOT_ALLOWED);
        assertRefused(ann, "select append_key_roster('org', " + bolt + ", 2, '\\x00'::bytea, '\\x" + "00".repeat(64)
                + "'::bytea)", NOT_ALLOWED);
        assertRefused(ann, "select llm_set_caps(" + boltProject + ", 1, 1)", NOT_ALLOWED, NOT_FOUND);
        assertRefused(ann, "insert into llm_prices (org_id, provider, model, valid_from, input_usd_per_mtok, "
                + "output_usd_per_mtok, cached_usd_per_mtok) values (" + bolt + ", 'openai', 'x', current_date, 0, 0, 0)",
                INSUFFICIENT_PRIVILEGE);
        assertRefused(ann, "insert into llm_prices (provider, model, valid_from, input_usd_per_mtok, "
                + "output_usd_per_mtok, cached_usd_per_mtok) values ('openai', 'x', current_date, 0, 0, 0)",
                INSUFFICIENT_PRIVILEGE);
        assertRefused(ann, "insert into org_platform_keys (org_id, provider, key_secret, last_four) values (" + bolt
                + ", 'openai', 'v1.1.c2VjcmV0Y2lwaGVydGV4dA==', 'abcd')", INSUFFICIENT_PRIVILEGE);
        execute(ann, "update org_platform_keys set last_four = 'pwnd' where org_id = " + bolt);
        execute(ann, "delete from llm_prices where org_id = " + bolt);
        assertThat(ownerLong("select count(*) from qodex.org_platform_keys where last_four = 'pwnd'")).isZero();
        assertThat(ownerLong("select count(*) from qodex.llm_prices where org_id = " + bolt)).isEqualTo(1);
        assertThat(ownerLong("select count(*) from qodex.org_members where org_id = " + bolt)).isEqualTo(2);
    }

    @Test
    void aMemberCannotPromoteThemselvesNorManageTheOrganization() throws SQLException {
        assertRefused(cara, "select org_set_role(" + acme + ", 'cara@example.test', 'admin')", NOT_ALLOWED);
        assertRefused(cara, "update org_members set role = 'admin'", INSUFFICIENT_PRIVILEGE);
        assertRefused(cara, "insert into org_members (org_id, user_id, role) values (" + acme + ", app_user_id(), "
                + "'admin')", INSUFFICIENT_PRIVILEGE);
        assertRefused(cara, "select org_invite(" + acme + ", 'cara2@example.test', 'admin')", NOT_ALLOWED);
        assertRefused(cara, "select org_remove_member(" + acme + ", 'ann@example.test')", NOT_ALLOWED);
        assertRefused(cara, "select create_organization('Acme', 'acme')", "QX004");
        assertThat(strings(cara, "select role from my_organizations() where slug = 'acme'")).containsExactly("member");
        assertThat(ownerLong("select count(*) from qodex.org_members where org_id = " + acme + " and role = 'admin'"))
                .isEqualTo(1);
    }

    @Test
    void theLastAdminCanNeitherBeDemotedNorRemovedNorLeaveEvenByTheOwner() throws SQLException {
        assertRefused(ann, "select org_set_role(" + acme + ", 'ann@example.test', 'member')", LAST_ADMIN);
        assertRefused(ann, "select org_remove_member(" + acme + ", 'ann@example.test')", LAST_ADMIN);
        assertRefused("the owner deletes the last admin", () -> {
            try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
                s.execute("delete from qodex.org_members where org_id = " + acme + " and role = 'admin'");
            }
        }, LAST_ADMIN);
        assertThat(strings(ann, "select role from my_organizations() where slug = 'acme'")).containsExactly("admin");
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        for (int isolation : new int[] {Connection.TRANSACTION_READ_COMMITTED, Connection.TRANSACTION_REPEATABLE_READ}) {
            long org = single(ann, "select create_organization('Duo " + isolation + "', 'duo-" + isolation + "')");
            execute(ann, "select org_invite(" + org + ", 'cara@example.test', 'admin')");
            execute(cara, "select accept_org_invitation(" + org + ")");
            try (Connection first = ann.getConnection(); Connection second = cara.getConnection()) {
                first.setTransactionIsolation(isolation);
                second.setTransactionIsolation(isolation);
                first.setAutoCommit(false);
                second.setAutoCommit(false);
                first.createStatement().execute("select 1"); // both snapshots see two admins
                second.createStatement().execute("select 1");
                first.createStatement().execute("select org_set_role(" + org + ", 'cara@example.test', 'member')");
                CompletableFuture<String> demotion = CompletableFuture.supplyAsync(() -> {
                    try (Statement s = second.createStatement()) {
                        s.execute("select org_set_role(" + org + ", 'ann@example.test', 'member')");
                        second.commit();
                        return "committed";
                    } catch (SQLException e) {
                        return e.getSQLState();
                    }
                });
                Thread.sleep(300);
                assertThat(demotion).as("the second demotion waits for the first").isNotDone();
                first.commit();
                assertThat(demotion.get(10, TimeUnit.SECONDS)).as("isolation " + isolation).isIn(LAST_ADMIN, "40001");
                second.rollback();
            }
            assertThat(ownerLong("select count(*) from qodex.org_members where org_id = " + org + " and role = 'admin'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void theSignUpLoginCreatesAndJoinsNothing() {
        DataSource signup = db.signup();
        assertRefused(signup, "select create_organization('Mine', 'mine')", INSUFFICIENT_PRIVILEGE);
        assertRefused(signup, "select accept_org_invitation(" + acme + ")", INSUFFICIENT_PRIVILEGE);
        assertRefused(signup, "select org_invite(" + acme + ", 'x@example.test', 'admin')", INSUFFICIENT_PRIVILEGE);
        assertRefused(signup, "select * from org_members", INSUFFICIENT_PRIVILEGE);
        assertRefused(signup, "insert into org_members (org_id, user_id, role) values (" + acme + ", 1, 'admin')",
                INSUFFICIENT_PRIVILEGE);
        assertRefused(signup, "select * from my_organizations()", INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void nobodyCreatesAProjectInAnOrganizationTheyAreNotIn() {
        for (String org : List.of(Long.toString(bolt), "null", "999999")) {
            assertRefused(ann, "select create_project((allocate_ids('projects', 1))[1], 'Sneaky', 'sneaky-" + org.length()
                    + "', " + org + ")", NOT_ALLOWED);
        }
        assertRefused(eve, "select create_project((allocate_ids('projects', 1))[1], 'Eve', 'eve-app', " + acme + ")",
                NOT_ALLOWED);
        assertRefused(ann, "insert into projects (org_id, slug, name) values (" + bolt + ", 'sneaky', 'Sneaky')",
                INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void joiningTakesAnAcceptedInvitationToTheVerifiedAddress() throws SQLException {
        execute(ann, "select org_invite(" + acme + ", 'gus@example.test', 'member')");
        assertRefused(eve, "select accept_org_invitation(" + acme + ")", NOT_FOUND); // someone else's invitation
        assertThat(single(eve, "select count(*) from my_org_invitations()")).isZero();
        DataSource gus = as("gus@example.test"); // verifying the invited address accepts it
        assertThat(strings(gus, "select slug || ':' || role from my_organizations()")).containsExactly("acme:member");
        execute(ann, "select org_invite(" + acme + ", 'eve@example.test', 'member')");
        assertThat(strings(eve, "select slug from my_org_invitations()")).containsExactly("acme");
        execute(eve, "select decline_org_invitation(" + acme + ")");
        assertRefused(eve, "select accept_org_invitation(" + acme + ")", NOT_FOUND);
        assertThat(single(eve, "select count(*) from my_organizations()")).isZero();
        execute(gus, "select org_remove_member(" + acme + ", 'gus@example.test')"); // leaving needs no admin
        assertThat(single(gus, "select count(*) from my_organizations()")).isZero();
    }

    private static long project(DataSource as, String name, String slug, long org) throws SQLException {
        long id = single(as, "select create_project((allocate_ids('projects', 1))[1], '" + name + "', '" + slug + "', "
                + org + ")");
        execute(as, "insert into project_key_wraps (project_id, user_id, key_version, ephemeral_public_key, wrapped_key, "
                + "wrapped_by) values (" + id + ", app_user_id(), 1, '\\x" + "44".repeat(32) + "'::bytea, '\\x"
                + "55".repeat(60) + "'::bytea, app_user_id())");
        return id;
    }

    private static void mintApiKey(DataSource as, long project) throws SQLException {
        ApiKeyText.Fresh fresh = ApiKeyText.Fresh.generate();
        try (Connection c = as.getConnection(); PreparedStatement p = c.prepareStatement(
                "select create_api_key(?, 'ci', ?, array['env:read'], ?, ?, ?)")) {
            p.setLong(1, project);
            p.setString(2, fresh.id());
            p.setTimestamp(3, Timestamp.from(Instant.now().plus(30, ChronoUnit.DAYS)));
            p.setString(4, new PgPasswordVerifiers().scramSha256(fresh.secret()));
            p.setBytes(5, TestAccounts.bytes(32));
            p.execute();
        }
    }

    private long ownerLong(String sql) throws SQLException {
        return single(db.owner(), sql);
    }

    private static long single(DataSource as, String sql) throws SQLException {
        try (Connection c = as.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(DataSource as, String sql) throws SQLException {
        try (Connection c = as.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private static void execute(DataSource as, String sql) throws SQLException {
        try (Connection c = as.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
