package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.LoginServer;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.live.Change;
import io.qodex.domain.live.ChangeFeed;
import io.qodex.domain.live.FeedState;
import io.qodex.domain.login.LoginProfileRepository;
import io.qodex.domain.project.Project;
import io.qodex.domain.secret.SecretField;
import io.qodex.persistence.session.QodexDatabase;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The {@code qodex env} contract (F6 in docs/features.md): command names, flags, output lines and exit codes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnvCliIT {

    private static final String SECRET = "sk-secret-value-1234";
    private static TestDatabase db;
    private static Cli cli;
    private static LoginServer server;

    @TempDir
    static Path files;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        server = new LoginServer();
        Cli anonymous = new Cli(TestBackends.environment(db)).with("QODEX_PASSWORD", "lantern-harbor-58k");
        assertThat(anonymous.run("signup", "--email", "olivia@example.com").exitCode()).isZero();
        assertThat(anonymous.run("verify", "--email", "olivia@example.com", "--code",
                code(anonymous, "olivia@example.com")).exitCode()).isZero();
        cli = anonymous.with("QODEX_EMAIL", "olivia@example.com");
        assertThat(cli.run("projects", "create", "--name", "Shop Web", "--slug", "shop").exitCode()).isZero();
    }

    @AfterAll
    static void tearDown() {
        server.close();
        db.close();
    }

    private static String code(Cli anonymous, String email) throws Exception {
        Path outbox = Path.of(anonymous.environment().get("QODEX_HOME"), "outbox");
        String mail;
        try (Stream<Path> paths = Files.list(outbox)) {
            mail = Files.readString(paths.filter(p -> p.getFileName().toString().contains(email)).sorted()
                    .reduce((a, b) -> b).orElseThrow());
        }
        Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(mail);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out() + result.err()).doesNotContain(SECRET).doesNotContain(LoginServer.PASSWORD)
                .doesNotContain(LoginServer.TOKEN);
        return result;
    }

    @Test
    @Order(1)
    void createFromPresetsSetVariablesAndALogin() {
        assertThat(ok(cli.run("env", "create", "Production", "--project", "shop", "--preset", "production",
                "--base-url", "https://shop.example.com")).lines()).containsExactly("Created environment Production in "
                + "shop: production preset, read-only, 5 rps, no destructive tests, no security testing.");
        assertThat(ok(cli.run("env", "create", "QA", "--project", "shop", "--preset", "qa", "--base-url",
                server.url("/"), "--api-base-url", server.url("/api"))).out()).contains("qa preset, writable, 20 rps");

        assertThat(ok(cli.run("env", "set", "QA", "--project", "shop", "--var", "TENANT=acme", "--var",
                "LOGIN=${apiBaseUrl}/login")).lines()).containsExactly("Set variables TENANT, LOGIN on QA.");
        assertThat(ok(cli.runWithInput(SECRET + "\n", "env", "set", "QA", "--project", "shop", "--var", "API_KEY",
                "--secret")).lines()).containsExactly("Set secret variable API_KEY on QA.");

        Cli.Result login = ok(cli.with("QODEX_AUTH_PASSWORD", LoginServer.PASSWORD).run("env", "set-login", "QA",
                "--project", "shop", "--profile", "admin", "--method", "POST", "--url", "${LOGIN}", "--body",
                "{\"email\": \"${authEmail}\", \"password\": \"${authPassword}\"}", "--token-path", "$.data.auth.token",
                "--email", LoginServer.EMAIL));
        assertThat(login.lines()).containsExactly("Set the HTTP login of profile admin on QA: POST ${LOGIN}, token at "
                + "$.data.auth.token.");
    }

    @Test
    @Order(2)
    void listUseAndShow() {
        assertThat(ok(cli.run("env", "use", "QA", "--project", "shop")).lines())
                .containsExactly("Active environment in shop: QA.");
        List<String> list = List.of(ok(cli.run("env", "list", "--project", "shop")).lines());
        assertThat(list.get(0)).startsWith("ACTIVE  NAME        PRESET      LABEL  PRODUCTION-LIKE  BASE URL");
        assertThat(list.get(1)).matches("\\s+Production\\s+production\\s+PROD\\s+yes\\s+https://shop.example.com\\s+"
                + "read-only, 5 rps, no destructive tests, no security testing");
        assertThat(list.get(2)).matches("\\*\\s+QA\\s+qa\\s+QA\\s+no\\s+http://127.0.0.1:\\d+\\s+writable, 20 rps.*");

        List<String> show = List.of(ok(cli.run("env", "show", "QA", "--project", "shop")).lines());
        String api = server.url("/api");
        assertThat(show).contains("environment: QA", "preset: qa", "label: QA", "API base URL: " + api,
                "constraints: writable, 20 rps, destructive tests allowed, security testing allowed", "variables:",
                "  TENANT = acme", "  LOGIN = " + api + "/login", "  API_KEY = ****1234 (secret)", "profile admin:",
                "  email: " + LoginServer.EMAIL, "  password: ****", "  static token: (not set)",
                "  HTTP login method: POST", "  URL: " + api + "/login", "  header Content-Type: application/json",
                "  body: {\"email\": \"" + LoginServer.EMAIL + "\", \"password\": \"****\"}",
                "  token path: $.data.auth.token", "  UI login: not recorded");
        assertThat(show).anySatisfy(line -> assertThat(line).startsWith("last change: olivia@example.com at "));
    }

    @Test
    @Order(3)
    void testLoginPrintsStatusLatencyAndTheLastFourOfTheToken() {
        Cli.Result result = ok(cli.run("env", "test-login", "QA", "--project", "shop", "--profile", "admin"));
        assertThat(result.lines()).hasSize(3);
        assertThat(result.lines()[0]).isEqualTo("status: 200");
        assertThat(result.lines()[1]).matches("latency: \\d+ ms");
        assertThat(result.lines()[2]).isEqualTo("token: ****9f3c");

        assertThat(ok(cli.with("QODEX_AUTH_PASSWORD", "not-the-password").run("env", "set-login", "QA", "--project",
                "shop", "--profile", "admin", "--url", "${LOGIN}", "--body", "{\"email\": \"${authEmail}\", "
                + "\"password\": \"${authPassword}\"}", "--token-path", "$.data.auth.token")).exitCode()).isZero();
        Cli.Result refused = cli.run("env", "test-login", "QA", "--project", "shop", "--profile", "admin");
        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.lines()[0]).isEqualTo("status: 401");
        assertThat(refused.err().strip()).startsWith("qodex: Login failed: The login answered HTTP 401: ")
                .doesNotContain("not-the-password");
    }

    @Test
    @Order(4)
    void exportAndImportRoundTripWithoutSecrets() throws Exception {
        Cli.Result exported = ok(cli.run("env", "export", "QA", "--project", "shop"));
        assertThat(exported.out()).contains("\"format\" : \"qodex.environment.v1\"", "\"omitted\" : true",
                "\"passwordOmitted\" : true");
        Path file = files.resolve("qa.json");
        Files.writeString(file, exported.out());
        assertThat(ok(cli.run("env", "import", "--project", "shop", file.toString(), "--name", "QA copy")).lines())
                .containsExactly("Imported environment QA copy into shop (3 variable(s), 1 auth profile(s); "
                        + "1 secret variable(s) to set).");
        Cli.Result again = cli.run("env", "import", "--project", "shop", file.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("  name: An environment named QA already exists in this project.")
                .contains("qodex: Import refused: 1 problem(s), listed above; nothing was changed.");

        Path hostile = files.resolve("hostile.json");
        Files.writeString(hostile, "{\"format\": \"qodex.environment.v1\", \"name\": 42, \"baseUrl\": \"ftp://x\", "
                + "\"maxRequestsPerSecond\": \"fast\", \"sneaky\": true}");
        Cli.Result refused = cli.run("env", "import", "--project", "shop", hostile.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("  name: Expected text, found a number.", "  sneaky: Unknown field.",
                "  maxRequestsPerSecond: Expected a whole number, found text.",
                "  baseUrl: Use an absolute URL starting with http:// or https://.");
        Files.writeString(hostile, "{not json");
        assertThat(cli.run("env", "import", "--project", "shop", hostile.toString()).err())
                .contains("qodex: The file cannot be read: it is not valid JSON at line 1, column 2.");
    }

    @Test
    @Order(5)
    void badInputsExitNonZeroWithTheField() {
        Cli.Result badUrl = cli.run("env", "create", "Broken", "--project", "shop", "--preset", "qa", "--base-url",
                "shop.example.com");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err().strip()).isEqualTo("qodex: baseUrl: Use an absolute URL starting with http:// or "
                + "https://.");
        Cli.Result badPreset = cli.run("env", "create", "Broken", "--project", "shop", "--preset", "prod", "--base-url",
                "https://x.example.com");
        assertThat(badPreset.err()).contains("The preset must be one of production, staging, qa, local, preview, custom.");
        Cli.Result badVar = cli.run("env", "set", "QA", "--project", "shop", "--var", "1X=y");
        assertThat(badVar.err()).contains("qodex: variables[3].name: A variable name starts with a letter or _");
        Cli.Result unknown = cli.run("env", "use", "Nope", "--project", "shop");
        assertThat(unknown.exitCode()).isEqualTo(6);
        assertThat(unknown.err()).contains("No environment named Nope in shop; there are: Production, QA, QA copy.");
    }

    @Test
    @Order(6)
    void theOpenAppFollowsEnvUseFromTheCli() throws Exception {
        try (Backend backend = TestBackends.open(cli.environment());
             Secret password = Secret.copyOf("lantern-harbor-58k");
             Workspace app = backend.signIn("olivia@example.com", password)) {
            Project shop = app.projects().bySlug("shop");
            BlockingQueue<Change> seen = new LinkedBlockingQueue<>();
            ChangeFeed.Subscription subscription = app.user().session().changes().subscribe(seen::add);
            CountDownLatch listening = new CountDownLatch(1);
            ChangeFeed.Subscription state = app.user().session().changes().watch(s -> {
                if (s instanceof FeedState.Connected) {
                    listening.countDown(); // reported once the feed's LISTENs are in place
                }
            });
            try {
                assertThat(listening.await(30, TimeUnit.SECONDS)).as("the live feed connected").isTrue();
                ok(cli.run("env", "use", "Production", "--project", "shop"));
                Change change = poll(seen, c -> c.isActiveEnvironmentChange(app.account().userId()));
                assertThat(change.concerns(shop.id())).isTrue();
                assertThat(app.environments().active(shop).orElseThrow().name().value()).isEqualTo("Production");

                ok(cli.run("env", "set", "Production", "--project", "shop", "--var", "REGION=eu"));
                assertThat(poll(seen, Change::isEnvironmentChange).concerns(shop.id())).isTrue();
            } finally {
                state.close();
                subscription.close();
            }
        }
    }

    @Test
    @Order(7)
    void readOnlyCommandsNeverBuildHibernatesSessionFactory() throws Exception {
        Path steps = files.resolve("steps.json");
        Files.writeString(steps, "[{\"action\": \"goto\", \"value\": \"${baseUrl}/login\"}, "
                + "{\"action\": \"fill\", \"selector\": \"#email\", \"value\": \"${authEmail}\"}]");
        ok(cli.run("login", "steps", "--project", "shop", "--env", "QA", "--profile", "admin", "--set",
                steps.toString()));
        String storageState = "{\"cookies\":[],\"origins\":[{\"origin\":\"https://qa.example\",\"localStorage\":[]}]}";
        storeSession("QA", "admin", storageState);

        int before = QodexDatabase.sessionFactoriesBuilt();
        ok(cli.run("env", "list", "--project", "shop"));
        assertThat(ok(cli.run("env", "show", "QA", "--project", "shop")).out()).contains("  API_KEY = ****1234 (secret)",
                "  UI login: recorded");
        ok(cli.run("env", "export", "QA", "--project", "shop"));
        assertThat(ok(cli.run("login", "steps", "--project", "shop", "--env", "QA", "--profile", "admin")).out())
                .contains("\"action\" : \"goto\"", "\"selector\" : \"#email\"");
        Path exported = files.resolve("state.json");
        ok(cli.run("login", "export", "--project", "shop", "--env", "QA", "--profile", "admin", "--out",
                exported.toString()));
        assertThat(Files.readString(exported)).isEqualTo(storageState);
        assertThat(QodexDatabase.sessionFactoriesBuilt()).as("SessionFactories built by read-only commands")
                .isEqualTo(before);
    }

    /** A captured session as a replay stores it (sealed for the profile's row), without running a browser. */
    private static void storeSession(String environment, String profile, String storageState) {
        try (Backend backend = TestBackends.open(cli.environment());
             Secret password = Secret.copyOf("lantern-harbor-58k");
             Workspace app = backend.signIn("olivia@example.com", password);
             Secret state = Secret.copyOf(storageState)) {
            Project shop = app.projects().bySlug("shop");
            long profileId = app.environments().load(shop, environment).profile(profile).orElseThrow().id();
            String sealed = app.secrets().encrypt(SecretField.AUTH_SESSION, shop.id(), profileId, state);
            app.user().session().loginProfileChanges().saveSession(profileId, new LoginProfileRepository.SessionRow(
                    sealed, Optional.empty(), Instant.now(), Optional.empty()));
        }
    }

    private static Change poll(BlockingQueue<Change> seen, Predicate<Change> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Change change = seen.poll(200, TimeUnit.MILLISECONDS);
            if (change != null && wanted.test(change)) {
                return change;
            }
        }
        throw new AssertionError("no such change announced within 10 s; saw " + seen);
    }
}
