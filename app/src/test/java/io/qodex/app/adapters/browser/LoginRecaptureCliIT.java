package io.qodex.app.adapters.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.adapters.files.LoginStepsJson;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.Memberships;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.ProfileDraft;
import io.qodex.domain.environment.SecretInput;
import io.qodex.domain.environment.Token;
import io.qodex.domain.environment.TokenSource;
import io.qodex.domain.login.StoredSession;
import io.qodex.domain.login.UiLoginService;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.persistence.testing.DatabaseDump;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * F8 {@code qodex login check --recapture} with a real headless Chromium against the test site, and the session kept
 * where the product keeps it: encrypted in {@code auth_profiles} through the project secrets service (no store in
 * memory). The stored row is ciphertext (nothing of the cookie or token in it, nor in a dump), and later checks read
 * back what the re-capture stored. amy is the Admin of {@code shop}; vic a Viewer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginRecaptureCliIT {

    private static final String PASSWORD = "walnut-glacier-47t";
    private static final String[] TARGET = {"--project", "shop", "--env", "QA", "--profile", "admin"};

    private static TestDatabase db;
    private static LoginTestSite site;
    private static Map<String, String> environment;
    private static Backend backend;
    private static Cli amy;
    private static long profileId;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        site = LoginTestSite.start();
        environment = TestBackends.environment(db);
        backend = TestBackends.open(environment);
        for (String name : List.of("amy", "vic")) {
            backend.accounts().signUp(name + "@example.com", Secret.copyOf(PASSWORD));
            backend.relayMail();
            backend.accounts().verify(name + "@example.com", code(name + "@example.com"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
        }
        try (Workspace admin = signIn("amy")) {
            Project shop = admin.projects().create("Shop", "shop");
            var created = admin.environments().saveOrThrow(shop, EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA",
                    site.baseUrl(), ""));
            admin.environments().saveOrThrow(shop, admin.environments().edit(created).withProfiles(List.of(
                    ProfileDraft.named("admin").withEmail(LoginTestSite.EMAIL)
                            .withPassword(SecretInput.replace(Secret.copyOf(LoginTestSite.PASSWORD))))));
            UiLoginService.Target target = admin.logins().target(shop, "QA", "admin");
            admin.logins().setStepsJson(target, LoginStepsJson.write(SiteLogin.STEPS));
            profileId = target.profile().id();
            Memberships.join(backend, admin, shop, "vic@example.com", PASSWORD, ProjectRole.VIEWER);
        }
        amy = new Cli(environment).with("QODEX_PASSWORD", PASSWORD).with("QODEX_EMAIL", "amy@example.com");
    }

    @AfterAll
    static void tearDown() {
        backend.close();
        site.close();
        db.close();
    }

    @Test
    @Order(1)
    void withNoSessionTheRecaptureReplaysAndStoresTheSessionEncryptedInTheDatabase() throws Exception {
        assertThat(storedRow()).isEmpty();

        Cli.Result result = check("--recapture");

        ok(result);
        assertThat(result.out()).startsWith("session: no session\n").contains("step 1: goto ${baseUrl} ... ok (")
                .contains("step 7: waitForUrl ${baseUrl}/dashboard ... ok (")
                .contains("re-captured (no session had been captured).\n").containsPattern("captured at: \\d{4}-\\d\\d-\\d\\dT")
                .contains("cookies: 1\n").containsPattern("expires: \\d{4}-");
        String token = site.onlyToken();
        Map<String, String> row = storedRow();
        assertCiphertext(row, token);
        assertThat(Instant.parse(row.get("expires"))).isBetween(Instant.now().plus(Duration.ofMinutes(55)),
                Instant.now().plus(Duration.ofMinutes(61)));
        String dump = DatabaseDump.of(db);
        assertThat(dump).contains(row.get("state")).doesNotContain(token, LoginTestSite.PASSWORD);

        // what the database holds decrypts to the captured session, and its bearer token ends F7's token chain
        try (Workspace admin = signIn("amy")) {
            Project shop = admin.projects().bySlug("shop");
            try (StoredSession session = admin.logins().session(admin.logins().target(shop, "QA", "admin")).orElseThrow()) {
                assertThat(session.storageState().reveal()).contains("\"cookies\"").contains("acmeToken").contains(token);
                assertThat(session.bearerToken().orElseThrow().reveal()).isEqualTo(token);
            }
            try (Token chained = admin.environments().token(shop, admin.environments().load(shop, "QA"), "admin")) {
                assertThat(chained.source()).isEqualTo(TokenSource.UI_LOGIN);
                assertThat(chained.value().reveal()).isEqualTo(token);
            }
        }
    }

    @Test
    @Order(2)
    void aStoredSessionThatStillWorksIsReadBackAndKept() {
        Map<String, String> before = storedRow();
        long logins = loginPosts();

        Cli.Result result = check("--recapture");

        ok(result);
        assertThat(result.out()).matches("(?s)session: (fresh|expires in \\d+ min).*\nstill valid: nothing to do\\.\n");
        assertThat(storedRow()).isEqualTo(before);
        assertThat(loginPosts()).as("no replay").isEqualTo(logins);
    }

    @Test
    @Order(3)
    void theRecaptureChecksOnTheUrlGiven() {
        // the site's login page shows its form to everyone: checked there, even a working session fails the check
        long logins = loginPosts();
        Cli.Result result = check("--recapture", "--url", site.baseUrl() + "/login");

        ok(result);
        // the condition is still what the recorded login waited for (its last step: the dashboard's URL)
        assertThat(result.out()).contains("re-captured (the session failed the check (opening " + site.baseUrl()
                + "/login landed on " + site.baseUrl() + "/login, which does not match ${baseUrl}/dashboard.)).\n");
        assertThat(loginPosts()).isEqualTo(logins + 1);
        ok(check("--recapture", "--url", site.baseUrl() + "/dashboard"));
        assertThat(loginPosts()).isEqualTo(logins + 1);
    }

    @Test
    @Order(4)
    void aSessionTheSiteLoggedOutFailsTheCheckAndTheRecaptureReplacesIt() {
        Map<String, String> before = storedRow();
        site.expireAllSessions();

        Cli.Result loggedOut = check();
        // checked where the recorded login ended, for what it waited for
        failure(loggedOut, 11, "Logged out at " + site.baseUrl() + "/login: opening " + site.baseUrl()
                + "/dashboard landed on " + site.baseUrl() + "/login, which does not match ${baseUrl}/dashboard.");

        Cli.Result result = check("--recapture");

        ok(result);
        assertThat(result.out()).contains("re-captured (the session failed the check (opening " + site.baseUrl()
                + "/dashboard landed on " + site.baseUrl() + "/login, which does not match ${baseUrl}/dashboard.)).\n")
                .contains("step 7: waitForUrl");
        String token = site.onlyToken();
        Map<String, String> after = storedRow();
        assertCiphertext(after, token);
        assertThat(after.get("state")).isNotEqualTo(before.get("state"));
        assertThat(after.get("bearer")).isNotEqualTo(before.get("bearer"));
        assertThat(Instant.parse(after.get("captured"))).isAfter(Instant.parse(before.get("captured")));

        // a later check reads the re-captured session back from the database and is logged in with it
        Cli.Result later = check("--url", site.baseUrl() + "/dashboard");
        ok(later);
        assertThat(later.out()).contains("logged in at " + site.baseUrl() + "/dashboard");
        assertThat(site.bearerTokensSeen()).contains(token);
    }

    @Test
    @Order(5)
    void aSessionAboutToExpireIsRecapturedWithoutACheck() {
        site.cookieMaxAge(60);
        ok(amy.run(login("replay")));
        site.cookieMaxAge(3600);
        Map<String, String> shortLived = storedRow();
        assertThat(Instant.parse(shortLived.get("expires"))).isBefore(Instant.now().plus(Duration.ofMinutes(2)));

        Cli.Result result = check("--recapture");

        ok(result);
        assertThat(result.out()).startsWith("session: expires in ").contains("re-captured (the session was about to "
                + "expire (expires in ");
        Map<String, String> after = storedRow();
        assertCiphertext(after, null);
        assertThat(Instant.parse(after.get("expires"))).isAfter(Instant.now().plus(Duration.ofMinutes(55)));
    }

    @Test
    @Order(6)
    void aRecaptureThatFailsStoresNothingAndSaysWhyOnOneLine() {
        setProfilePassword("not-the-site-password");
        try {
            site.expireAllSessions();
            Map<String, String> before = storedRow();

            Cli.Result result = check("--recapture");

            failure(result, 11, "Replaying the login failed: Step 7 failed: The page did not reach");
            assertThat(storedRow()).as("the stored session is left as it was").isEqualTo(before);
        } finally {
            setProfilePassword(LoginTestSite.PASSWORD);
        }
        ok(check("--recapture"));
    }

    @Test
    @Order(7)
    void aViewerCanNeitherCheckNorRecapture() {
        Cli vic = amy.with("QODEX_EMAIL", "vic@example.com");
        Map<String, String> before = storedRow();
        failure(vic.run(login("check", "--recapture")), 5, "Viewers cannot record or replay logins: they hold no project key.");
        failure(vic.run(login("check")), 5, "Viewers hold no project key, so they cannot use a stored session.");
        assertThat(storedRow()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ helpers

    private static Cli.Result check(String... extra) {
        return amy.run(login("check", extra));
    }

    private static String[] login(String command, String... extra) {
        String[] args = new String[2 + TARGET.length + extra.length];
        args[0] = "login";
        args[1] = command;
        System.arraycopy(TARGET, 0, args, 2, TARGET.length);
        System.arraycopy(extra, 0, args, 2 + TARGET.length, extra.length);
        return args;
    }

    private static void setProfilePassword(String password) {
        try (Workspace admin = signIn("amy")) {
            Project shop = admin.projects().bySlug("shop");
            admin.environments().saveOrThrow(shop, admin.environments().edit(admin.environments().load(shop, "QA"))
                    .withProfile("admin", p -> p.withPassword(SecretInput.replace(Secret.copyOf(password)))));
        }
    }

    /** The stored session columns, as the database administrator sees them (empty without a session). */
    private static Map<String, String> storedRow() {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                "select session_secret, session_bearer_secret, session_captured_at, session_expires_at "
                        + "from qodex.auth_profiles where id = ? and session_secret is not null")) {
            p.setLong(1, profileId);
            try (ResultSet rs = p.executeQuery()) {
                Map<String, String> row = new LinkedHashMap<>();
                if (rs.next()) {
                    row.put("state", rs.getString(1));
                    row.put("bearer", rs.getString(2));
                    row.put("captured", rs.getTimestamp(3).toInstant().toString());
                    row.put("expires", rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant().toString());
                }
                return row;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Both secret columns are AES-GCM ciphertext under the project key (v1.<version>.<base64>), nothing in clear. */
    private static void assertCiphertext(Map<String, String> row, String token) {
        assertThat(row).isNotEmpty();
        for (String column : List.of("state", "bearer")) {
            assertThat(row.get(column)).as(column).matches("v1\\.1\\.[A-Za-z0-9+/=_-]{40,}")
                    .doesNotContain("cookies", "acmeToken", LoginTestSite.EMAIL, LoginTestSite.PASSWORD);
            if (token != null) {
                assertThat(row.get(column)).doesNotContain(token);
            }
        }
    }

    private static long loginPosts() {
        return site.requestLines().stream().filter(line -> line.startsWith("POST /login")).count();
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        return result;
    }

    private static void failure(Cli.Result result, int exitCode, String reason) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(exitCode);
        assertThat(result.err().strip()).startsWith("qodex: ").contains(reason).doesNotContain("\n");
    }

    private static Workspace signIn(String name) {
        return backend.signIn(name + "@example.com", Secret.copyOf(PASSWORD));
    }

    private static String code(String email) throws Exception {
        try (Stream<Path> files = Files.list(Path.of(environment.get("QODEX_HOME"), "outbox"))) {
            List<Path> mails = files.filter(p -> p.getFileName().toString().contains(email)).sorted().toList();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
                    .matcher(Files.readString(mails.get(mails.size() - 1)));
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        }
    }
}
