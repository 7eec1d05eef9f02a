package io.qodex.app.environments;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.FxFailures;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.SaveResult;
import io.qodex.domain.project.Project;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Environments in the window (F6 in docs/features.md): create from the Production preset and see its constraints;
 * switch with a click and with Ctrl+2 and see the dependent views follow; a conflicting save from a second client
 * gives the conflict message, not a lost update; invalid input shows inline errors and keeps what was typed; a choice
 * made elsewhere (the CLI, another window) is followed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FxFailures.class)
class EnvironmentsFlowIT {

    private static final String PASSWORD = "marble-octopus-73q";
    private static TestDatabase db;
    private static Map<String, String> environment;
    private static FxApp app;
    private static long stagingId;

    @BeforeAll
    static void start() throws Exception {
        db = TestPostgres.freshDatabase();
        environment = TestBackends.environment(db);
        try (Backend backend = TestBackends.open(environment)) {
            backend.accounts().signUp("amy@example.com", Secret.copyOf(PASSWORD));
            backend.relayMail();
            backend.accounts().verify("amy@example.com", code("amy@example.com"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
            try (Workspace amy = backend.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
                Project shop = amy.projects().create("Shop", "shop");
                SaveResult staging = amy.environments().create(shop, EnvironmentPreset.STAGING, "Staging",
                        "https://staging.shop.example", "");
                stagingId = ((SaveResult.Saved) staging).environment().id();
                amy.environments().create(shop, EnvironmentPreset.QA, "QA", "https://qa.shop.example", "");
            }
        }
        app = FxApp.start(environment, "--open", "/p/shop/environments");
        app.waitFor(60, "sign-in", () -> app.visible("signin-password"));
        app.type("signin-email", "amy@example.com");
        app.type("signin-password", PASSWORD);
        app.click("signin-submit");
        app.waitFor(60, "the environments page", () -> app.visible("env-list") && app.visible("env-editor-name"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.stop();
        db.close();
    }

    @Test
    @Order(1)
    void createFromTheProductionPresetAndSeeItsConstraints() {
        MenuButton create = app.node("env-new");
        app.fx(create::show);
        app.robot().clickOn("#env-new-production");
        app.waitFor(10, "the create dialog", () -> app.visible("env-create-base-url"));
        app.type("env-create-base-url", "https://shop.example.com");
        app.click("env-create-submit");
        app.waitFor(30, "the new environment", () -> "Production".equals(app.text("env-editor-name")));
        assertThat(app.text("env-editor-constraints"))
                .isEqualTo("read-only, 5 rps, no destructive tests, no security testing");
        app.waitFor(10, "the switcher button", () -> switcherButtons() == 3);
    }

    @Test
    @Order(2)
    void switchWithAClickAndWithCtrl2AndTheDependentViewsFollow() {
        app.waitFor(10, "the staging switch", () -> app.visible("env-switch-" + stagingId));
        app.click("env-switch-" + stagingId);
        app.waitFor(5, "staging active", () -> app.text("status-environment").startsWith("Staging")
                && "Staging".equals(app.text("env-editor-name")) && app.visible("env-editor-active"));
        app.robot().press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        app.waitFor(5, "QA active", () -> app.text("status-environment").startsWith("QA")
                && "QA".equals(app.text("env-editor-name")));
        assertThat(app.text("status-environment")).contains("writable · 20 rps");
        app.robot().press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        app.waitFor(5, "the palette", () -> app.visible("environment-palette-query"));
        app.robot().write("prod");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(5, "production active", () -> app.text("status-environment").startsWith("Production · PROD"));
        // remembered per user and project, in the database
        try (Backend other = TestBackends.open(environment);
             Workspace amy = other.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
            app.waitFor(10, "the stored choice", () -> amy.environments()
                    .active(amy.projects().bySlug("shop")).map(e -> e.name().value()).orElse("").equals("Production"));
        }
    }

    @Test
    @Order(3)
    void aConflictingSaveFromASecondClientIsReportedNotLost() throws Exception {
        app.waitFor(10, "the staging switch", () -> app.visible("env-switch-" + stagingId));
        app.click("env-switch-" + stagingId);
        app.waitFor(5, "staging shown", () -> "Staging".equals(app.text("env-editor-name")));
        app.type("env-base-url", "https://staging-mine.shop.example");
        try (Backend other = TestBackends.open(environment);
             Workspace amy = other.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
            Project shop = amy.projects().bySlug("shop");
            Environment staging = amy.environments().load(shop, stagingId);
            amy.environments().saveOrThrow(shop, amy.environments().edit(staging)
                    .withUrls("https://staging-theirs.shop.example", ""));
        }
        app.robot().press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL); // the shell's Ctrl+S
        app.waitFor(30, "the conflict message", () -> app.visible("env-conflict"));
        assertThat(app.text("env-conflict")).contains("amy@example.com").contains("base URL");
        assertThat(app.text("env-base-url")).isEqualTo("https://staging-mine.shop.example");
        app.click("env-conflict-reload");
        app.waitFor(10, "their version", () -> "https://staging-theirs.shop.example".equals(app.text("env-base-url")));
    }

    @Test
    @Order(4)
    void invalidInputShowsInlineErrorsAndKeepsIt() {
        app.type("env-base-url", "not a url");
        app.waitFor(5, "the URL error", () -> errorUnder("env-base-url").contains("URL"));
        assertThat(app.text("env-base-url")).isEqualTo("not a url");
        app.type("env-max-rps", "0");
        app.waitFor(5, "the rate error", () -> errorUnder("env-max-rps").contains("1"));
        assertThat(app.text("env-max-rps")).isEqualTo("0");
        app.fx(() -> ((javafx.scene.control.TabPane) app.node("env-tabs")).getSelectionModel().select(1));
        app.click("env-add-variable");
        app.waitFor(5, "the new variable", () -> app.visible("env-var-name-0"));
        app.type("env-var-name-0", "1BAD");
        app.waitFor(5, "the name error", () -> variableError().startsWith("A variable name starts with a letter or _"));
        assertThat(app.text("env-var-name-0")).isEqualTo("1BAD");
        app.click("env-save");
        app.waitFor(5, "the save refusal", () -> app.text("env-message").startsWith("Fix the marked fields first"));
    }

    @Test
    @Order(5)
    void aChoiceMadeElsewhereIsFollowed() throws Exception {
        try (Backend other = TestBackends.open(environment);
             Workspace amy = other.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
            amy.environments().use(amy.projects().bySlug("shop"), "QA"); // as `qodex env use QA` would
        }
        app.waitFor(10, "QA active", () -> app.text("status-environment").startsWith("QA"));
    }

    // ------------------------------------------------------------------ helpers

    private static int switcherButtons() {
        return app.read(() -> (int) app.<javafx.scene.layout.HBox>node("environment-switcher")
                .getChildren().stream().filter(n -> n instanceof ToggleButton).count());
    }

    /** The inline message under a form field, or "" while it is hidden. */
    private static String errorUnder(String inputId) {
        return app.read(() -> {
            Node input = app.node(inputId);
            Label message = (Label) ((VBox) input.getParent()).getChildren().get(2);
            return message.isVisible() ? message.getText() : "";
        });
    }

    private static String variableError() {
        return app.read(() -> {
            Node input = app.node("env-var-name-0");
            Label message = (Label) ((VBox) input.getParent()).getChildren().get(1);
            return message.isVisible() ? message.getText() : "";
        });
    }

    private static String code(String email) throws Exception {
        try (Stream<Path> files = Files.list(Path.of(environment.get("QODEX_HOME"), "outbox"))) {
            Path mail = files.filter(p -> p.getFileName().toString().contains(email)).findFirst().orElseThrow();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mail));
            matcher.find();
            return matcher.group(1);
        }
    }

    @SuppressWarnings("unused")
    private static Button button(String id) {
        return app.node(id);
    }
}
