package io.qodex.app.adapters.browser;

import io.qodex.app.adapters.files.LoginStepsJson;
import io.qodex.app.adapters.files.StorageStateFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.ProfileDraft;
import io.qodex.domain.environment.SecretInput;
import io.qodex.domain.environment.Token;
import io.qodex.domain.environment.TokenSource;
import io.qodex.domain.login.LoginResult;
import io.qodex.domain.login.ReplayListener;
import io.qodex.domain.login.StoredSession;
import io.qodex.domain.login.UiLoginService;
import io.qodex.domain.project.Project;
import io.qodex.persistence.testing.DatabaseDump;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder wired to storage (F8 in docs/features.md): steps kept in the auth profile, a replay stores the
 * captured session end-to-end encrypted (not readable in a dump), the sniffed bearer token ends F7's token chain,
 * and the {@code qodex login ...} commands as README.md spells them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiLoginIntegrationIT {

    private static final String PASSWORD = "marble-octopus-73q";
    private static TestDatabase db;
    private static LoginTestSite site;
    private static Map<String, String> environment;
    private static Backend backend;
    private static Cli cli;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        site = LoginTestSite.start();
        environment = TestBackends.environment(db);
        backend = TestBackends.open(environment);
        backend.accounts().signUp("amy@example.com", Secret.copyOf(PASSWORD));
        backend.relayMail();
        backend.accounts().verify("amy@example.com", code(), io.qodex.domain.common.Secret.copyOf(PASSWORD));
        try (Workspace amy = signIn()) {
            Project shop = amy.projects().create("Shop", "shop");
            var created = amy.environments().saveOrThrow(shop, EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA",
                    site.baseUrl(), ""));
            amy.environments().saveOrThrow(shop, amy.environments().edit(created).withProfiles(List.of(
                    ProfileDraft.named("admin").withEmail(LoginTestSite.EMAIL)
                            .withPassword(SecretInput.replace(Secret.copyOf(LoginTestSite.PASSWORD))))));
            UiLoginService.Target target = amy.logins().target(shop, "QA", "admin");
            amy.logins().setStepsJson(target, LoginStepsJson.write(SiteLogin.STEPS));
        }
        cli = new Cli(environment).with("QODEX_PASSWORD", PASSWORD).with("QODEX_EMAIL", "amy@example.com");
    }

    @AfterAll
    static void tearDown() {
        backend.close();
        site.close();
        db.close();
    }

    @Test
    @Order(1)
    void aReplayStoresTheSessionEncryptedAndItsBearerTokenEndsTheTokenChain() throws Exception {
        try (Workspace amy = signIn()) {
            Project shop = amy.projects().bySlug("shop");
            UiLoginService.Target target = amy.logins().target(shop, "QA", "admin");
            assertThat(amy.logins().freshness(target).label()).isEqualTo("no session");
            LoginResult result = amy.logins().replayAndStore(target, ReplayListener.ignore());
            assertThat(result).isInstanceOf(LoginResult.Captured.class);
            ((LoginResult.Captured) result).session().close();
            assertThat(amy.logins().freshness(target).label()).satisfiesAnyOf(
                    label -> assertThat(label).startsWith("fresh"), label -> assertThat(label).startsWith("expires in"));

            String storageState;
            String bearer;
            try (StoredSession session = amy.logins().session(target).orElseThrow()) {
                storageState = session.storageState().reveal();
                bearer = session.bearerToken().orElseThrow().reveal();
            }
            assertThat(storageState).contains("\"cookies\"");
            try (Token token = amy.environments().token(shop, amy.environments().load(shop, "QA"), "admin")) {
                assertThat(token.source()).isEqualTo(TokenSource.UI_LOGIN);
                assertThat(token.value().reveal()).isEqualTo(bearer);
            }
            String dump = DatabaseDump.of(db);
            assertThat(dump).contains("v1.1.").doesNotContain(bearer, LoginTestSite.PASSWORD);
            Matcher cookie = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]{8,})\"").matcher(storageState);
            int checked = 0;
            while (cookie.find()) {
                assertThat(dump).doesNotContain(cookie.group(1));
                checked++;
            }
            assertThat(checked).isPositive();
        }
    }

    @Test
    @Order(2)
    void theLoginCommandsAsTheIssueSpellsThem(@TempDir Path folder) throws Exception {
        Cli.Result steps = cli.run("login", "steps", "--project", "shop", "--env", "QA", "--profile", "admin");
        assertThat(steps.exitCode()).as(steps.err()).isZero();
        assertThat(LoginStepsJson.read(steps.out())).isEqualTo(SiteLogin.STEPS);
        assertThat(steps.out()).contains("\"action\" : \"goto\"").contains("${authPassword}")
                .doesNotContain(LoginTestSite.PASSWORD);

        Path bad = folder.resolve("bad.json");
        Files.writeString(bad, "[{\"action\":\"dance\",\"selector\":\"#x\"},{\"action\":\"click\",\"selector\":\"\"}]");
        Cli.Result refused = cli.run("login", "steps", "--project", "shop", "--env", "QA", "--profile", "admin", "--set",
                bad.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("unknown action \"dance\"").contains("Step 2 (click): the selector is empty");

        Cli.Result replay = cli.run("login", "replay", "--project", "shop", "--env", "QA", "--profile", "admin");
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("step 1: goto ${baseUrl} ... ok").contains("step 7: waitForUrl")
                .containsPattern("captured at: \\d{4}-\\d{2}-\\d{2}T").contains("cookies: ").contains("expires: ");

        Cli.Result check = cli.run("login", "check", "--project", "shop", "--env", "QA", "--profile", "admin", "--url",
                site.baseUrl() + "/dashboard");
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("logged in at " + site.baseUrl() + "/dashboard");

        Path state = folder.resolve("state.json");
        Cli.Result export = cli.run("login", "export", "--project", "shop", "--env", "QA", "--profile", "admin", "--out",
                state.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.err()).contains(StorageStateFile.WARNING);
        assertThat(Files.readString(state)).contains("\"cookies\"").contains("\"origins\"");

        Cli.Result wrong = cli.with("QODEX_EMAIL", "amy@example.com").run("login", "replay", "--project", "shop", "--env",
                "Nope", "--profile", "admin");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.err()).startsWith("qodex: ");
    }

    @Test
    @Order(3)
    void theCheckFollowsTheRecordedLoginOnASiteWhoseFrontPageAlwaysShowsTheForm() {
        site.frontPageIsTheLoginForm(true);
        try {
            String[] target = {"--project", "shop", "--env", "QA", "--profile", "admin"};
            Cli.Result replay = cli.run(concat(new String[] {"login", "replay"}, target));
            assertThat(replay.exitCode()).as(replay.err()).isZero();

            // no --url, no condition: where the recorded login ended (its waitForUrl), requiring that URL
            Cli.Result check = cli.run(concat(new String[] {"login", "check"}, target));
            assertThat(check.exitCode()).as(check.err()).isZero();
            assertThat(check.out()).contains("logged in at " + site.baseUrl() + "/dashboard");

            // the front page itself shows the form to everyone: there the session reads as logged out
            Cli.Result front = cli.run(concat(new String[] {"login", "check", "--url", site.baseUrl()}, target));
            assertThat(front.exitCode()).isNotZero();
            assertThat(front.err()).contains("Logged out at " + site.baseUrl());

            site.expireAllSessions();
            Cli.Result expired = cli.run(concat(new String[] {"login", "check"}, target));
            assertThat(expired.exitCode()).isNotZero();
            assertThat(expired.err()).contains("Logged out at " + site.baseUrl() + "/login")
                    .contains("does not match ${baseUrl}/dashboard");
        } finally {
            site.frontPageIsTheLoginForm(false);
        }
    }

    private static String[] concat(String[] first, String[] second) {
        return Stream.concat(Stream.of(first), Stream.of(second)).toArray(String[]::new);
    }

    private static Workspace signIn() {
        return backend.signIn("amy@example.com", Secret.copyOf(PASSWORD));
    }

    private static String code() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(environment.get("QODEX_HOME"), "outbox"))) {
            Path mail = files.findFirst().orElseThrow();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mail));
            matcher.find();
            return matcher.group(1);
        }
    }
}
