package io.qodex.app.adapters.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.qodex.app.adapters.files.LoginStepsJson;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.Memberships;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.ApiLoginDraft;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.LoginHeader;
import io.qodex.domain.environment.ProfileDraft;
import io.qodex.domain.environment.SecretInput;
import io.qodex.domain.login.StoredSession;
import io.qodex.domain.login.UiLoginService;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 11 end to end with a real Chromium against the local login site: an operator mints a key; a CI job with only
 * QODEX_DB_URL, QODEX_API_KEY and an empty home reads the environment with its secrets, gets a token that works
 * against the site, captures a fresh session that plain Playwright opens logged in, keeps working after the project
 * key rotates, and is refused once the key is revoked. Keys without the scope get nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeyCiEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "harbor-lantern-58k";

    private static TestDatabase db;
    private static LoginTestSite site;
    private static Map<String, String> environment;
    private static Backend backend;
    private static Cli amy;
    private static String key;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        site = LoginTestSite.start();
        environment = TestBackends.environment(db);
        backend = TestBackends.open(environment);
        for (String name : List.of("amy", "max")) {
            TestBackends.verifiedAccount(backend, environment, name + "@example.com", PASSWORD);
        }
        try (Workspace admin = backend.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
            Project shop = admin.projects().create("Shop", "shop");
            var created = admin.environments().saveOrThrow(shop, EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA",
                    site.baseUrl(), ""));
            admin.environments().saveOrThrow(shop, admin.environments().edit(created)
                    .withProfile("admin", p -> p.withEmail(LoginTestSite.EMAIL)
                            .withPassword(SecretInput.replace(Secret.copyOf(LoginTestSite.PASSWORD)))
                            .withApiLogin(Optional.of(new ApiLoginDraft("POST", "${baseUrl}/api/login",
                                    List.of(LoginHeader.contentTypeJson()),
                                    "{\"email\": \"${authEmail}\", \"password\": \"${authPassword}\"}", "$.token"))))
                    .withProfile("browser", p -> p.withEmail(LoginTestSite.EMAIL)
                            .withPassword(SecretInput.replace(Secret.copyOf(LoginTestSite.PASSWORD)))));
            for (String profile : List.of("admin", "browser")) {
                UiLoginService.Target target = admin.logins().target(shop, "QA", profile);
                admin.logins().setStepsJson(target, LoginStepsJson.write(SiteLogin.STEPS));
            }
            Memberships.join(backend, admin, shop, "max@example.com", PASSWORD, ProjectRole.MEMBER);
        }
        amy = new Cli(environment).with("QODEX_PASSWORD", PASSWORD).with("QODEX_EMAIL", "amy@example.com");
        ok(amy.runWithInput("fig-orchard-93\n", "env", "set", "QA", "--project", "shop", "--secret", "--var",
                "SEED_TOKEN"));
    }

    @AfterAll
    static void tearDown() {
        backend.close();
        site.close();
        db.close();
    }

    @Test
    @Order(1)
    void aKeyWithEveryScopeReadsTheEnvironmentWithItsSecrets() throws Exception {
        Cli.Result created = amy.run("api-keys", "create", "--project", "shop", "--name", "ui-tests", "--scope",
                "env:read,secrets:read,sessions", "--expires-in", "1d");
        ok(created);
        key = created.out().strip();
        assertThat(key).matches("qdx_[a-z2-7]{21}_[a-z2-7]{52}");

        Cli.Result env = ci(key).run("ci", "env", "QA");
        ok(env);
        JsonNode json = JSON.readTree(env.out());
        assertThat(json.path("base_url").asText()).isEqualTo(site.baseUrl());
        assertThat(json.path("variables").path("SEED_TOKEN").asText()).isEqualTo("fig-orchard-93");
        assertThat(json.path("omitted_secrets")).isEmpty();
    }

    @Test
    @Order(2)
    void ciTokenGivesATokenThatWorksAgainstTheSite() throws Exception {
        Path home = Files.createTempDirectory("ci-home");
        Cli.Result token = ci(key, home).run("ci", "token", "--env", "QA", "--profile", "admin");
        ok(token);
        String[] lines = token.out().split("\n");
        String value = lines[lines.length - 1];
        assertThat(value).matches("[0-9a-f]{32,}");
        assertThat(token.err()).contains("from the HTTP login");
        HttpResponse<String> me = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(site.baseUrl()
                + "/api/me")).header("Authorization", "Bearer " + value).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains(LoginTestSite.EMAIL);

        // the next step of the same job (same home, its own process) gets the cached token: no second login
        long apiLogins = site.requestLines().stream().filter(line -> line.startsWith("POST /api/login ")).count();
        Cli.Result cached = ci(key, home).run("ci", "token", "--env", "QA", "--profile", "admin");
        ok(cached);
        assertThat(cached.out()).endsWith(value + "\n");
        assertThat(cached.err()).contains("from the cached token");
        assertThat(site.requestLines().stream().filter(line -> line.startsWith("POST /api/login ")).count())
                .isEqualTo(apiLogins);
        try (Stream<Path> files = Files.list(home.resolve("ci-tokens"))) {
            for (Path file : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
                assertThat(Files.readString(file)).doesNotContain(value);
            }
        }
    }

    @Test
    @Order(3)
    void ciStorageStateFreshReplaysAndPlainPlaywrightOpensTheLoggedInPage() throws Exception {
        Path out = Files.createTempDirectory("ci-state").resolve("state.json");
        Cli.Result state = ci(key).run("ci", "storage-state", "--env", "QA", "--profile", "browser", "--out",
                out.toString(), "--fresh");
        ok(state);
        assertThat(state.out()).isEqualTo("Wrote " + out + ".\n");
        assertThat(state.err()).contains("Replayed the login of QA / browser (--fresh)").contains("keep it private");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");

        try (Playwright playwright = PlaywrightDriver.create(TestRunners.DRIVER_CACHE,
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setHeadless(true)
                     .setExecutablePath(BrowserLocator.forThisMachine().locate(TestRunners.settings().browser())));
             BrowserContext context = browser.newContext(new Browser.NewContextOptions().setStorageStatePath(out))) {
            Page page = context.newPage();
            page.navigate(site.baseUrl() + "/dashboard");
            assertThat(page.url()).isEqualTo(site.baseUrl() + "/dashboard");
        }

        // stored for everyone: the operator's desktop reads the session the CI job captured
        try (Workspace admin = backend.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
            Project shop = admin.projects().bySlug("shop");
            try (StoredSession session = admin.logins().session(admin.logins().target(shop, "QA", "browser"))
                    .orElseThrow()) {
                assertThat(session.storageState().reveal()).isEqualTo(Files.readString(out));
            }
        }

        // without --fresh, the stored session passes its check and is written again without a replay
        int logins = loginPosts();
        Cli.Result again = ci(key).run("ci", "storage-state", "--env", "QA", "--profile", "browser", "--out",
                out.toString());
        ok(again);
        assertThat(again.err()).contains("The stored session of QA / browser passed its check.");
        assertThat(loginPosts()).isEqualTo(logins);
    }

    @Test
    @Order(4)
    void theKeyKeepsWorkingAfterTheProjectKeyRotates() throws Exception {
        ok(amy.run("project-key", "rotate", "--project", "shop"));
        Cli.Result env = ci(key).run("ci", "env", "QA");
        ok(env);
        assertThat(JSON.readTree(env.out()).path("variables").path("SEED_TOKEN").asText()).isEqualTo("fig-orchard-93");
    }

    @Test
    @Order(5)
    void keysWithoutTheScopeGetNoSecretNoTokenAndNoSession() throws Exception {
        String envRead = created("env-only", "env:read");
        Cli.Result env = ci(envRead).run("ci", "env", "QA");
        ok(env);
        JsonNode json = JSON.readTree(env.out());
        assertThat(json.path("variables").has("SEED_TOKEN")).isFalse();
        assertThat(json.path("omitted_secrets").toString()).contains("SEED_TOKEN");
        Cli.Result token = ci(envRead).run("ci", "token", "--env", "QA", "--profile", "admin");
        assertThat(token.exitCode()).isNotZero();
        assertThat(token.err()).contains("qodex ci token needs an API key with the secrets:read scope");
        Cli.Result state = ci(envRead).run("ci", "storage-state", "--env", "QA", "--profile", "browser", "--out",
                Files.createTempDirectory("ci-state").resolve("s.json").toString());
        assertThat(state.exitCode()).isNotZero();
        assertThat(state.err()).contains("needs an API key with the sessions scope");

        String secretsOnly = created("secrets-only", "secrets:read");
        Cli.Result noSession = ci(secretsOnly).run("ci", "storage-state", "--env", "QA", "--profile", "browser",
                "--out", Files.createTempDirectory("ci-state").resolve("s.json").toString());
        assertThat(noSession.err()).contains("needs an API key with the sessions scope");
    }

    @Test
    @Order(6)
    void aRevokedKeyIsRefused() throws Exception {
        ok(amy.run("api-keys", "revoke", "--project", "shop", "--name", "ui-tests"));
        Cli.Result refused = ci(key).run("ci", "token", "--env", "QA", "--profile", "admin");
        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.err()).contains("This API key was revoked");
    }

    private static String created(String name, String scopes) {
        Cli.Result created = amy.run("api-keys", "create", "--project", "shop", "--name", name, "--scope", scopes,
                "--expires-in", "1d");
        ok(created);
        return created.out().strip();
    }

    private static int loginPosts() {
        return (int) site.requestLines().stream().filter(line -> line.startsWith("POST /login ")).count();
    }

    /** A CI job's environment: the database URL and the key, a new empty home, the machine's browser. */
    private static Cli ci(String apiKey) throws Exception {
        return ci(apiKey, Files.createTempDirectory("ci-home"));
    }

    private static Cli ci(String apiKey, Path home) {
        Map<String, String> ci = new java.util.HashMap<>(Map.of("QODEX_HOME", home.toString(), "QODEX_DB_URL",
                db.jdbcUrl(), "QODEX_API_KEY", apiKey));
        Optional.ofNullable(System.getenv("QODEX_BROWSER")).ifPresent(path -> ci.put("QODEX_BROWSER", path));
        return new Cli(ci);
    }

    private static void ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
    }
}
