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

    @Test
    @Order(6)
    void leavingWithEditsOffersSaveDiscardOrCancelAndEachDoesWhatItSays() throws Exception {
        app.click("env-revert"); // the invalid edits of the test before
        app.waitFor(5, "no edits", () -> disabled("env-revert"));
        app.fx(() -> ((javafx.scene.control.TabPane) app.node("env-tabs")).getSelectionModel().select(0));
        String shown = app.text("env-editor-name");
        String before = stored(shown).baseUrl().value();
        app.type("env-base-url", "https://discarded.shop.example");
        go("/p/shop/logins");
        app.waitFor(10, "the question", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Cancel");
        app.waitFor(10, "still here", () -> app.absent("unsaved-dialog") && app.visible("env-base-url"));
        assertThat(app.text("env-base-url")).isEqualTo("https://discarded.shop.example");
        assertThat(app.text("route-bar")).isEqualTo("/p/shop/environments/" + shown);

        go("/p/shop/logins");
        app.waitFor(10, "the question again", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Discard");
        app.waitFor(20, "the logins page", () -> !app.absent("logins-steps") && app.visible("logins-steps"));
        assertThat(stored(shown).baseUrl().value()).isEqualTo(before);

        go("/p/shop/environments");
        app.waitFor(20, "the editor", () -> !app.absent("env-base-url") && app.visible("env-base-url"));
        String active = app.text("env-editor-name");
        app.type("env-base-url", "https://saved.shop.example");
        go("/p/shop/logins");
        app.waitFor(10, "the question a third time", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Save");
        app.waitFor(20, "the logins page after the save", () -> !app.absent("logins-steps")
                && app.visible("logins-steps"));
        assertThat(stored(active).baseUrl().value()).isEqualTo("https://saved.shop.example");
    }

    /** Issue 13: with no auth profile, Record and Replay are off, say why, and lead to the auth profiles. */
    @Test
    @Order(7)
    void withoutAnAuthProfileRecordAndReplayAreOffAndTheLinkLeadsToTheAuthProfiles() {
        String active = app.read(() -> app.<Label>node("status-environment").getText()).split(" ")[0];
        app.waitFor(20, "the missing profile", () -> app.visible("logins-add-profile"));
        assertThat(disabled("logins-record")).isTrue();
        assertThat(disabled("logins-replay")).isTrue();
        for (String why : new String[] {"logins-record-why", "logins-replay-why"}) {
            assertThat(app.read(() -> app.node(why).getAccessibleHelp())).contains("has no auth profile")
                    .contains("Environments → Auth profiles");
        }
        app.click("logins-add-profile");
        app.waitFor(20, "the auth profiles of " + active, () -> ("/p/shop/environments/" + active + "/auth-profiles")
                .equals(app.text("route-bar"))
                && !app.absent("env-editor-name") && active.equals(app.text("env-editor-name"))
                && app.read(() -> app.<javafx.scene.control.TabPane>node("env-tabs").getSelectionModel()
                .getSelectedItem().getId()).equals("env-tab-auth-profiles"));
    }

    @Test
    @Order(8)
    void ctrl1WithUnsavedEditsAsksFirstAndTheEditorFollowsTheSwitch() throws Exception {
        showEnvironments();
        app.fx(() -> ((javafx.scene.control.TabPane) app.node("env-tabs")).getSelectionModel().select(0));
        app.waitFor(10, "QA shown and active", () -> "QA".equals(app.text("env-editor-name"))
                && app.text("status-environment").startsWith("QA"));
        app.type("env-base-url", "https://qa-mine.shop.example");
        press(KeyCode.CONTROL, KeyCode.DIGIT1);
        app.waitFor(10, "the question", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Cancel");
        app.waitFor(10, "no switch", () -> app.absent("unsaved-dialog"));
        assertThat(app.text("status-environment")).startsWith("QA");
        assertThat(app.text("env-editor-name")).isEqualTo("QA");
        assertThat(app.text("env-base-url")).isEqualTo("https://qa-mine.shop.example");
        app.click("env-switch-" + stagingId); // the switcher asks the same, and its buttons stay as they were
        app.waitFor(10, "the question on a click", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Cancel");
        app.waitFor(10, "no switch on a click", () -> app.absent("unsaved-dialog")
                && !app.read(() -> app.<ToggleButton>node("env-switch-" + stagingId).isSelected()));
        assertThat(app.text("status-environment")).startsWith("QA");

        press(KeyCode.CONTROL, KeyCode.DIGIT1);
        app.waitFor(10, "the question again", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Discard");
        app.waitFor(10, "Staging active and shown", () -> app.text("status-environment").startsWith("Staging")
                && "Staging".equals(app.text("env-editor-name")));
        assertThat(stored("QA").baseUrl().value()).isNotEqualTo("https://qa-mine.shop.example");

        app.type("env-base-url", "https://staging-kept.shop.example");
        press(KeyCode.CONTROL, KeyCode.DIGIT2);
        app.waitFor(10, "the question a third time", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Save");
        app.waitFor(20, "QA active and shown after the save", () -> app.text("status-environment").startsWith("QA")
                && "QA".equals(app.text("env-editor-name")) && app.visible("env-editor-active"));
        assertThat(stored("Staging").baseUrl().value()).isEqualTo("https://staging-kept.shop.example");
        assertThat(app.text("env-base-url")).isEqualTo(stored("QA").baseUrl().value());
    }

    /** Issue 13: at 1024×700 the header keeps every word (it wraps instead of cutting). */
    @Test
    @Order(9)
    void atA1024By700WindowNothingInTheHeaderIsCut() {
        showEnvironments();
        app.fx(() -> {
            javafx.stage.Window window = app.scene().getWindow();
            window.setWidth(1024);
            window.setHeight(700);
        });
        press(KeyCode.CONTROL, KeyCode.DIGIT3);
        app.waitFor(10, "Production active and shown", () -> "Production".equals(app.text("env-editor-name"))
                && app.visible("env-editor-active") && app.scene().getWidth() <= 1024);
        app.waitFor(5, "every label whole", () -> cut().isEmpty());
        assertThat(cut()).isEmpty();
        assertThat(app.read(() -> app.<javafx.scene.control.TextField>node("env-base-url").getPromptText()))
                .doesNotContain("staging");
        // the Logins page's Steps toolbar too: Save wraps to a second row rather than showing "…"
        go("/p/shop/logins");
        app.waitFor(20, "the steps toolbar", () -> !app.absent("logins-save") && app.visible("logins-save"));
        for (String id : java.util.List.of("logins-save", "logins-record")) {
            javafx.scene.control.Labeled button = app.node(id);
            app.waitFor(5, id + " whole", () -> button.getText().equals(
                    ((javafx.scene.text.Text) button.lookup(".text")).getText()));
        }
    }

    @Test
    @Order(10)
    void aNewVariableTakesTheFocusWithoutAnErrorAndTheColourIsPickedAsHex() throws Exception {
        showEnvironments();
        app.fx(() -> ((javafx.scene.control.TabPane) app.node("env-tabs")).getSelectionModel().select(1));
        app.click("env-add-variable");
        app.waitFor(5, "the new variable's name focused", () -> app.visible("env-var-name-0")
                && app.read(() -> app.node("env-var-name-0").isFocused()));
        assertThat(variableError()).isEmpty();
        app.robot().write("2X");
        app.waitFor(5, "the error once typed", () -> !variableError().isEmpty());
        app.click("env-revert");

        app.fx(() -> ((javafx.scene.control.TabPane) app.node("env-tabs")).getSelectionModel().select(0));
        app.waitFor(5, "the colour", () -> app.visible("env-color"));
        app.fx(() -> app.<javafx.scene.control.ColorPicker>node("env-color")
                .setValue(javafx.scene.paint.Color.web("#12ab56")));
        press(KeyCode.CONTROL, KeyCode.S);
        app.waitFor(20, "saved", () -> disabled("env-save"));
        assertThat(stored("Production").appearance().color()).contains("#12ab56");
    }

    // ------------------------------------------------------------------ helpers

    /** Labels, buttons and tab titles of the header whose shown text is not their whole text ("Produc…"). */
    private static java.util.List<String> cut() {
        return app.read(() -> {
            java.util.List<Node> checked = new java.util.ArrayList<>();
            collect(app.node("env-editor-constraints").getParent(), checked); // the name, its marks and the buttons
            checked.add(app.node("env-new"));
            checked.add(app.node("env-import"));
            checked.add(app.node("page-title"));
            checked.add(app.node("page-title").getParent().getChildrenUnmodifiable().get(1));
            checked.addAll(app.node("env-tabs").lookupAll(".tab-label"));
            assertThat(checked).as("the header's labels").hasSizeGreaterThan(8);
            java.util.List<String> cut = new java.util.ArrayList<>();
            for (Node node : checked) {
                if (node instanceof javafx.scene.control.Labeled labeled && labeled.isVisible()
                        && labeled.getText() != null && !labeled.getText().isEmpty()) {
                    Node text = labeled.lookup(".text");
                    String shown = text instanceof javafx.scene.text.Text rendered ? rendered.getText() : "";
                    if (!labeled.getText().equals(shown)) {
                        cut.add(labeled.getText() + " shown as \"" + shown + "\"");
                    }
                }
            }
            return cut;
        });
    }

    private static void collect(Node node, java.util.List<Node> labeled) {
        if (node instanceof javafx.scene.control.Labeled) {
            labeled.add(node);
        }
        if (node instanceof javafx.scene.Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, labeled));
        }
    }

    private static Environment stored(String name) throws Exception {
        try (Backend other = TestBackends.open(environment);
             Workspace amy = other.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
            Project shop = amy.projects().bySlug("shop");
            long id = amy.environments().list(shop).stream().filter(e -> e.name().value().equals(name)).findFirst()
                    .orElseThrow().id();
            return amy.environments().load(shop, id);
        }
    }

    /** The Environments page without edits (each test of issue 13 starts there, whatever the one before left). */
    private static void showEnvironments() {
        if (!app.text("route-bar").startsWith("/p/shop/environments")) {
            go("/p/shop/environments");
        }
        app.waitFor(20, "the environments page", () -> !app.absent("env-revert") && app.visible("env-editor-name"));
        if (!disabled("env-revert")) {
            app.click("env-revert");
        }
    }

    private static boolean disabled(String id) {
        return app.read(() -> app.node(id).isDisabled());
    }

    private static void clickInDialog(String dialogId, String button) {
        Node pane = app.node(dialogId);
        app.robot().clickOn(app.robot().from(pane).lookup(button).queryButton());
    }

    private static void press(KeyCode... keys) {
        app.robot().press(keys);
        for (int i = keys.length - 1; i >= 0; i--) {
            app.robot().release(keys[i]);
        }
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    @Order(11)
    void aRouteOpensTheEnvironmentAndTabItNamesAndTheRouteFollowsTheChoice() {
        showEnvironments();
        go("/p/shop/environments/Staging/variables");
        app.waitFor(20, "Staging's variables from the route", () -> "Staging".equals(app.text("env-editor-name"))
                && "env-tab-variables".equals(selectedTab())
                && "/p/shop/environments/Staging/variables".equals(app.text("route-bar")));
        app.fx(() -> ((javafx.scene.control.TabPane) app.node("env-tabs")).getSelectionModel().select(3));
        app.waitFor(10, "the route of the preview", () -> "/p/shop/environments/Staging/preview"
                .equals(app.text("route-bar")));
        go("/p/shop/environments/Nope");
        app.waitFor(10, "the unknown name", () -> "No environment named \"Nope\" in Shop."
                .equals(app.text("env-message")));
        assertThat(app.text("env-editor-name")).isEqualTo("Staging");
        assertThat(app.text("route-bar")).isEqualTo("/p/shop/environments/Staging/preview");
    }

    private static String selectedTab() {
        return app.read(() -> app.<javafx.scene.control.TabPane>node("env-tabs").getSelectionModel().getSelectedItem()
                .getId());
    }

    private static void go(String route) {
        app.type("route-bar", route);
        app.robot().type(KeyCode.ENTER);
    }

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
