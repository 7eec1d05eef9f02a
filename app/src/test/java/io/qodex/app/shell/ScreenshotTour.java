package io.qodex.app.shell;

import io.qodex.app.testing.Memberships;

import io.qodex.app.common.Theme;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.FakeOpenAi;
import io.qodex.app.testing.ShopApi;
import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Walks the app through its screens on seeded data and writes each, light and dark, to docs/screenshots/
 * (headless: Monocle renders in software). Run: ./mvnw -B verify -Pscreenshots -pl app -am
 */
class ScreenshotTour {

    private static final String PASSWORD = "marble-octopus-73q";
    /** The names to write ({@code -Dqodex.screenshots.only=scenarios,findings}); empty: all of them. */
    private static final java.util.List<String> ONLY = java.util.Arrays.stream(
            System.getProperty("qodex.screenshots.only", "").split(",")).map(String::strip)
            .filter(name -> !name.isEmpty()).toList();

    @Test
    void tour() throws Exception {
        Path out = Path.of(System.getProperty("qodex.screenshots.dir", "target/screenshots"));
        Files.createDirectories(out);
        try (TestDatabase db = TestPostgres.freshDatabase(); FakeOpenAi openAi = new FakeOpenAi("sk-demo-key-0000000000004f2a");
             ShopApi api = ShopApi.start()) {
            openAi.reply("Use the staging admin profile (qa-admin@example.com) or qa-buyer@example.com for a buyer's "
                    + "view, and pay with the test card 4242 4242 4242 4242. Never place orders on Production: it is "
                    + "read-only. Cancel the test order at the end of the checkout test.").usage(1_450, 62, 0);
            Map<String, String> environment = TestBackends.environment(db);
            environment.put("QODEX_OPENAI_BASE_URL", openAi.baseUrl());
            seed(environment, api.baseUrl());
            for (Theme theme : Theme.values()) {
                if (wanted("first-run")) {
                    firstRun(out, theme);
                }
                environment.put("QODEX_THEME", theme.code());
                FxApp app = FxApp.start(environment);
                try {
                    walk(app, out, theme.code());
                } finally {
                    app.stop();
                }
            }
        }
    }

    private static void walk(FxApp app, Path out, String theme) throws Exception {
        app.waitFor(60, "sign-in", () -> app.visible("signin-email"));
        app.type("signin-email", "amy@example.com");
        shot(app, out, "sign-in-" + theme);
        app.click("goto-signup");
        app.type("signup-email", "new.operator@example.com");
        app.type("signup-password", "short-pass");
        shot(app, out, "sign-up-" + theme);
        app.click("goto-signin");
        app.click("goto-verify");
        app.type("verify-code", "1234");
        app.click("verify-submit");
        shot(app, out, "verify-" + theme);
        app.click("goto-signin");
        app.type("signin-email", "amy@example.com");
        app.type("signin-password", PASSWORD);
        app.click("signin-submit");
        app.waitFor(60, "main window", () -> app.visible("main-view") && app.visible("project-list"));
        app.waitFor(20, "the workspace", () -> app.read(() -> ((javafx.scene.control.ComboBox<?>)
                app.node("workspace-switcher")).getValue() != null));
        app.click("organization-page");
        app.waitFor(20, "the organization's members", () -> app.visible("org-members") && app.read(() ->
                ((javafx.scene.control.TableView<?>) app.node("org-members")).getItems().size()) >= 3);
        shotWindow(app, out, "organization-members-" + theme, app.node("org-members").getScene().getWindow());
        app.robot().type(KeyCode.ESCAPE);
        app.waitFor(10, "the organization page closed", () -> app.absent("org-members"));
        go(app, "/p/shop-web/environments");
        app.waitFor(20, "environments", () -> "Staging".equals(app.text("env-editor-name")));
        Thread.sleep(800);
        shot(app, out, "environments-" + theme);
        small(app, out, "environments-" + theme);
        app.fx(() -> ((javafx.scene.control.TabPane) app.node("env-tabs")).getSelectionModel().select(1));
        shot(app, out, "environment-variables-" + theme);
        app.fx(() -> ((javafx.scene.control.TabPane) app.node("env-tabs")).getSelectionModel().select(2));
        shot(app, out, "environment-profiles-" + theme);
        app.fx(() -> ((javafx.scene.control.TabPane) app.node("env-tabs")).getSelectionModel().select(3));
        Thread.sleep(600);
        shot(app, out, "environment-preview-" + theme);
        app.robot().press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        app.waitFor(5, "environment palette", () -> app.visible("environment-palette-query"));
        shot(app, out, "environment-palette-" + theme);
        app.robot().type(KeyCode.ESCAPE);
        go(app, "/p/shop-web/logins");
        app.waitFor(20, "logins", () -> app.visible("logins-steps"));
        Thread.sleep(1500);
        shot(app, out, "logins-" + theme);
        small(app, out, "logins-" + theme);
        go(app, "/p/shop-web/spend");
        app.waitFor(20, "spend", () -> app.text("spend-page") != null && app.text("spend-page").startsWith("Calls"));
        Thread.sleep(1200);
        shot(app, out, "spend-" + theme);
        small(app, out, "spend-" + theme);
        app.fx(() -> ((javafx.scene.control.ScrollPane) app.node("spend-scroll")).setVvalue(0.42));
        Thread.sleep(600);
        shot(app, out, "spend-charts-" + theme);
        app.fx(() -> ((javafx.scene.control.ScrollPane) app.node("spend-scroll")).setVvalue(1.0));
        Thread.sleep(600);
        shot(app, out, "spend-calls-" + theme);
        app.click("spend-organization");
        app.waitFor(20, "organization settings", () -> app.visible("org-tabs"));
        app.fx(() -> ((javafx.scene.control.TabPane) app.node("org-tabs")).getSelectionModel().select(2));
        app.waitFor(20, "the prices", () -> app.visible("org-prices")
                && !((javafx.scene.control.TableView<?>) app.node("org-prices")).getItems().isEmpty());
        shotWindow(app, out, "organization-prices-" + theme, app.node("org-tabs").getScene().getWindow());
        app.robot().type(KeyCode.ESCAPE);
        go(app, "/p/shop-web/memory");
        app.waitFor(20, "memory", () -> app.text("memory-project-status") != null
                && app.text("memory-project-status").startsWith("Version"));
        shot(app, out, "memory-" + theme);
        go(app, "/p/shop-web/assistant");
        app.waitFor(20, "assistant", () -> app.visible("assistant-question"));
        app.click("assistant-new-chat");
        app.type("assistant-question", "Which account should a checkout test sign in with, and what must it never do?");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(30, "the answer", () -> app.text("assistant-last-meta") != null
                && app.text("assistant-last-meta").startsWith("gpt-4o-mini ·"));
        shot(app, out, "assistant-" + theme);
        small(app, out, "assistant-" + theme);
        go(app, "/p/shop-web/members");
        app.waitFor(20, "members", () -> app.text("members-waiting") != null);
        Thread.sleep(1500);
        shot(app, out, "members-" + theme);
        small(app, out, "members-" + theme);
        go(app, "/p/shop-web/byok");
        app.waitFor(20, "byok", () -> app.visible("byok-last-four"));
        shot(app, out, "byok-" + theme);
        small(app, out, "byok-" + theme);
        go(app, "/p/shop-web/api-keys");
        app.waitFor(20, "api keys", () -> app.read(() -> ((javafx.scene.control.TableView<?>) app.node("api-keys-table"))
                .getItems().size()) >= 2);
        if (!app.read(() -> ((javafx.scene.control.CheckBox) app.node("api-keys-scope-secrets-read")).isSelected())) {
            app.click("api-keys-scope-secrets-read"); // shows what a key that holds the project key means
            app.fx(() -> { // clicking scrolled the page: back to its top, as it opens
                javafx.scene.Node node = app.node("api-keys-name");
                while (node != null && !(node instanceof javafx.scene.control.ScrollPane)) {
                    node = node.getParent();
                }
                if (node instanceof javafx.scene.control.ScrollPane scroll) {
                    scroll.setVvalue(0);
                }
            });
        }
        shot(app, out, "api-keys-" + theme);
        app.type("api-keys-name", "nightly-" + theme);
        app.click("api-keys-create");
        app.waitFor(20, "the key shown once", () -> app.visible("api-keys-shown"));
        shot(app, out, "api-keys-created-" + theme);
        small(app, out, "api-keys-created-" + theme);
        app.click("api-keys-done");
        go(app, "/p/shop-web/settings");
        app.waitFor(20, "settings", () -> app.visible("settings-name"));
        shot(app, out, "settings-" + theme);
        app.robot().press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        app.waitFor(5, "quick switcher", () -> app.visible("quick-switcher-query"));
        app.robot().write("pay");
        Thread.sleep(300);
        shot(app, out, "quick-switcher-" + theme);
        app.robot().type(KeyCode.ESCAPE);
        app.robot().type(KeyCode.F1);
        app.waitFor(5, "the shortcut sheet", () -> app.visible("shortcut-sheet"));
        shotWindow(app, out, "shortcuts-" + theme, app.node("shortcut-sheet").getScene().getWindow());
        app.robot().type(KeyCode.ESCAPE);
        app.robot().press(KeyCode.CONTROL, KeyCode.COMMA).release(KeyCode.COMMA, KeyCode.CONTROL);
        app.waitFor(5, "the application settings", () -> app.visible("app-settings-dialog"));
        shotWindow(app, out, "app-settings-" + theme, app.node("app-settings-dialog").getScene().getWindow());
        app.robot().type(KeyCode.ESCAPE);
        app.robot().press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        app.waitFor(10, "new project", () -> app.visible("project-name"));
        app.type("project-name", "Checkout Web (EU)");
        app.waitFor(10, "slug check", () -> app.text("project-slug-status") != null
                && !app.text("project-slug-status").isEmpty());
        shotWindow(app, out, "new-project-" + theme, app.node("project-name").getScene().getWindow());
        app.robot().type(KeyCode.ESCAPE);
        ScenarioShots.walk(app, out, theme);
    }

    /** Whether a picture of this name is written (see {@link #ONLY}). */
    static boolean wanted(String name) {
        return ONLY.isEmpty() || ONLY.stream().anyMatch(name::startsWith);
    }

    /** The first-run screen of a new installation (nothing chosen yet), with the shared form open. */
    private static void firstRun(Path out, Theme theme) throws Exception {
        Path home = Files.createTempDirectory("qodex-first-run");
        FxApp app = FxApp.start(Map.of("QODEX_HOME", home.toString(), "QODEX_THEME", theme.code()));
        try {
            app.waitFor(30, "first run", () -> app.visible("choose-shared"));
            shot(app, out, "first-run-" + theme.code());
            app.click("choose-shared");
            app.type("shared-host", "db.internal.example.com");
            app.type("shared-signup-password", "not-the-password");
            app.click("test-connection");
            app.waitFor(30, "the connection test", () -> app.text("test-result") != null
                    && !app.text("test-result").isEmpty() && !app.text("test-result").startsWith("Connecting"));
            shot(app, out, "first-run-shared-" + theme.code());
        } finally {
            app.stop();
        }
    }

    static void go(FxApp app, String route) {
        app.type("route-bar", route);
        app.robot().type(KeyCode.ENTER);
    }

    /**
     * The page as it is, again in a 1024×700 window ({@code <name>-1024x700.png}; light theme only), then the window's
     * size back.
     */
    static void small(FxApp app, Path out, String name) throws Exception {
        if (!name.endsWith("-" + Theme.LIGHT.code()) || !wanted(name + "-1024x700")) {
            return;
        }
        javafx.stage.Stage stage = (javafx.stage.Stage) app.scene().getWindow();
        double width = stage.getWidth();
        double height = stage.getHeight();
        app.fx(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        Thread.sleep(900);
        shotWindow(app, out, name + "-1024x700", stage);
        app.fx(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        Thread.sleep(500);
    }

    static void shot(FxApp app, Path out, String name) throws Exception {
        Thread.sleep(400);
        shotWindow(app, out, name, app.scene().getWindow());
    }

    private static void shotWindow(FxApp app, Path out, String name, Window window) throws Exception {
        if (!wanted(name)) {
            return;
        }
        Thread.sleep(300);
        WritableImage image = app.onFx(() -> {
            Scene scene = window.getScene();
            return scene.snapshot(null);
        });
        BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
        ImageIO.write(buffered, "png", out.resolve(name + ".png").toFile());
    }

    private static void seed(Map<String, String> environment, String apiBaseUrl) throws Exception {
        try (Backend backend = TestBackends.open(environment)) {
            for (String user : new String[] {"amy", "ben", "cleo", "dev"}) {
                backend.accounts().signUp(user + "@example.com", Secret.copyOf(PASSWORD));
            }
            backend.relayMail();
            for (String user : new String[] {"amy", "ben", "cleo"}) {
                backend.accounts().verify(user + "@example.com", code(environment, user + "@example.com"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
            }
            try (Workspace amy = backend.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
                Project shop = amy.projects().create("Shop Web", "shop-web");
                amy.projects().create("Admin Console", "admin-console");
                amy.projects().create("Payments API", "payments-api");
                Memberships.join(backend, amy, shop, "ben@example.com", PASSWORD, ProjectRole.MEMBER);
                Memberships.join(backend, amy, shop, "cleo@example.com", PASSWORD, ProjectRole.VIEWER);
                amy.members().invite(shop, "dev@example.com", ProjectRole.MEMBER);
                amy.members().invite(shop, "fin@example.com", ProjectRole.ADMIN);
                amy.llmKeys().setByok(shop, LlmProvider.OPENAI, Secret.copyOf("sk-demo-key-0000000000004f2a"));
                amy.apiKeys().create(shop, "github-actions", java.util.Set.of(io.qodex.domain.apikey.ApiKeyScope.ENV_READ),
                        java.time.Duration.ofDays(90)).close();
                amy.apiKeys().create(shop, "deploy-hooks", java.util.Set.of(io.qodex.domain.apikey.ApiKeyScope.ENV_READ,
                        io.qodex.domain.apikey.ApiKeyScope.WEBHOOKS), java.time.Duration.ofDays(30)).close();
                var envs = amy.environments();
                envs.saveOrThrow(shop, io.qodex.domain.environment.EnvironmentDraft.fromPreset(
                        io.qodex.domain.environment.EnvironmentPreset.PRODUCTION, "Production", "https://shop.example.com",
                        "https://api.shop.example.com"));
                var staging = envs.saveOrThrow(shop, io.qodex.domain.environment.EnvironmentDraft.fromPreset(
                        io.qodex.domain.environment.EnvironmentPreset.STAGING, "Staging", "https://staging.shop.example.com", ""));
                envs.saveOrThrow(shop, io.qodex.domain.environment.EnvironmentDraft.fromPreset(
                        io.qodex.domain.environment.EnvironmentPreset.QA, "QA", "https://qa.shop.example.com", ""));
                envs.saveOrThrow(shop, envs.edit(staging)
                        .withVariables(java.util.List.of(io.qodex.domain.environment.VariableDraft.plain("TENANT", "acme"),
                                io.qodex.domain.environment.VariableDraft.secret("API_TOKEN", Secret.copyOf("tok-demo-9c1e")),
                                io.qodex.domain.environment.VariableDraft.plain("LOGIN_PATH", "${apiBaseUrl}/auth/login")))
                        .withProfiles(java.util.List.of(io.qodex.domain.environment.ProfileDraft.named("admin")
                                .withEmail("qa-admin@example.com")
                                .withPassword(io.qodex.domain.environment.SecretInput.replace(Secret.copyOf("demo-pass-123")))
                                .withApiLogin(java.util.Optional.of(new io.qodex.domain.environment.ApiLoginDraft("POST",
                                        "${LOGIN_PATH}", java.util.List.of(io.qodex.domain.environment.LoginHeader.contentTypeJson()),
                                        "{\"email\": \"${authEmail}\", \"password\": \"${authPassword}\"}", "$.data.token"))))));
                var local = envs.saveOrThrow(shop, io.qodex.domain.environment.EnvironmentDraft.fromPreset(
                        io.qodex.domain.environment.EnvironmentPreset.LOCAL, "Local", apiBaseUrl, ""));
                ScenarioShots.seed(amy, shop, local.summary());
                envs.use(shop, staging.id());
                seedSpend(amy, shop);
                amy.llm().memory().save(shop, io.qodex.domain.assistant.MemoryDocument.PROJECT, MEMORY, 0);
                var target = amy.logins().target(shop, "Staging", "admin");
                amy.logins().setStepsJson(target, "[{\"action\":\"goto\",\"value\":\"${baseUrl}/login\"},"
                        + "{\"action\":\"fill\",\"selector\":\"#email\",\"value\":\"${authEmail}\"},"
                        + "{\"action\":\"fill\",\"selector\":\"[data-testid=\\\"password\\\"]\",\"value\":\"${authPassword}\"},"
                        + "{\"action\":\"click\",\"selector\":\"role=button[name=\\\"Sign in\\\"]\"},"
                        + "{\"action\":\"waitForUrl\",\"value\":\"${baseUrl}/dashboard\"}]");
            }
            // organizations: amy administers the installation's first one (with ben, and fin invited) and a second
            try (Workspace amy = backend.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
                amy.organizations().add("ben@example.com", io.qodex.domain.account.OrgRole.MEMBER);
                amy.organizations().add("fin@example.com", io.qodex.domain.account.OrgRole.ADMIN);
                amy.organizations().create("Globex client work", "globex");
            }
            try (Workspace ben = backend.signIn("ben@example.com", Secret.copyOf(PASSWORD))) {
                ben.organizations().accept("default");
            }
            backend.relayMail();
            backend.accounts().verify("dev@example.com", code(environment, "dev@example.com"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
        }
    }

    private static final String MEMORY = """
            # Shop Web
            The storefront of Acme: catalogue, cart, checkout (card and invoice), order history.

            ## Test accounts
            - Staging: `qa-admin@example.com` (admin profile), `qa-buyer@example.com` (buyer).
            - Never use real cards: use the test card 4242 4242 4242 4242.

            ## Rules
            - Production is read-only: no orders, no account changes.
            - Checkout tests cancel their orders at the end.
            """;

    /** Thirty days of LLM calls in the project: three models, four sources, BYOK and platform-funded. */
    private static void seedSpend(Workspace amy, Project shop) {
        java.util.Random random = new java.util.Random(11);
        String[] models = {"gpt-4o-mini", "gpt-4o-mini", "gpt-4o-mini", "gpt-4o", "gpt-4.1"};
        String[] sources = {"assistant", "assistant", "cli-ask", "scenario-run", "scenario-run", "scenario-run"};
        java.time.Instant now = java.time.Instant.now();
        for (int i = 0; i < 900; i++) {
            String model = models[random.nextInt(models.length)];
            long input = 800 + random.nextInt(6_000);
            long output = 100 + random.nextInt(900);
            long perMillionIn = model.equals("gpt-4o-mini") ? 150_000 : model.equals("gpt-4o") ? 2_500_000 : 2_000_000;
            long perMillionOut = model.equals("gpt-4o-mini") ? 600_000 : model.equals("gpt-4o") ? 10_000_000 : 8_000_000;
            io.qodex.domain.llm.CallOutcome outcome = random.nextInt(25) == 0 ? io.qodex.domain.llm.CallOutcome.RATE_LIMITED
                    : io.qodex.domain.llm.CallOutcome.OK;
            boolean ok = outcome == io.qodex.domain.llm.CallOutcome.OK;
            java.time.Instant at = now.minusSeconds((long) (Math.pow(random.nextDouble(), 1.3) * 30 * 86_400));
            io.qodex.domain.llm.Funding funding = at.isAfter(now.minus(java.time.Duration.ofDays(12)))
                    ? io.qodex.domain.llm.Funding.BYOK : io.qodex.domain.llm.Funding.PLATFORM;
            if (at.isAfter(now.minus(java.time.Duration.ofHours(5)))) {
                funding = io.qodex.domain.llm.Funding.PLATFORM;
            }
            amy.llm().usageLog().record(new io.qodex.domain.llm.UsageRecord(java.util.UUID.randomUUID(), shop.id(),
                    amy.account().userId(), LlmProvider.OPENAI, model,
                    new io.qodex.domain.llm.UsageSource(sources[random.nextInt(sources.length)]), funding,
                    new io.qodex.domain.llm.TokenUsage(ok ? input : 0, ok ? output : 0, ok ? input / 5 : 0),
                    java.time.Duration.ofMillis(400 + random.nextInt(2_500)), outcome,
                    io.qodex.domain.llm.Money.ofMicros(ok ? (input * perMillionIn + output * perMillionOut) / 1_000_000 : 0),
                    ok ? java.util.Optional.empty() : java.util.Optional.of("429 rate_limit_exceeded"), at));
        }
        io.qodex.app.testing.LlmWorld.awaitStored(amy);
    }

    private static String code(Map<String, String> environment, String email) throws Exception {
        try (Stream<Path> files = Files.list(Path.of(environment.get("QODEX_HOME"), "outbox"))) {
            Path mail = files.filter(p -> p.getFileName().toString().contains(email)).sorted().findFirst().orElseThrow();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mail));
            matcher.find();
            return matcher.group(1);
        }
    }
}
