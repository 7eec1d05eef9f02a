package io.qodex.app.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.FxFailures;
import io.qodex.app.testing.TestBackends;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuButton;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Issue 13, what a newcomer finds in the window: dialogs that fit their messages, focus that stays off the route bar,
 * notices that belong to the action that raised them, layouts that do not jump, the theme button, icons on primary
 * buttons, and a 1024×700 window with a collapsible sidebar. Headless (TestFX + Monocle) on a real PostgreSQL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FxFailures.class)
class WindowFitIT {

    private static final String PASSWORD = "marble-octopus-73q";
    private static final String NEW_PASSWORD = "second-walrus-song-8";
    private static TestDatabase db;
    private static Map<String, String> environment;
    private static FxApp app;

    @BeforeAll
    static void start() throws Exception {
        db = TestPostgres.freshDatabase();
        environment = TestBackends.environment(db);
        app = FxApp.start(environment);
        app.waitFor(60, "the sign-in screen", () -> app.visible("signin-email"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.stop();
        db.close();
    }

    @Test
    @Order(1)
    void signUpDoesNotJumpAndVerifyingSignsInWithThePasswordTyped() throws Exception {
        app.click("goto-signup");
        app.type("signup-email", "ann@example.com");
        app.type("signup-password", PASSWORD);
        app.type("signup-confirmation", PASSWORD + "x");
        double before = sceneY("signup-submit");
        app.click("signup-submit");
        app.waitFor(5, "the mismatch message", () -> "Fix the marked fields first.".equals(app.text("signup-error")));
        assertThat(sceneY("signup-submit")).isEqualTo(before); // the message line had its room already

        app.type("signup-confirmation", PASSWORD);
        app.click("signup-submit");
        app.waitFor(30, "the verification screen", () -> app.visible("verify-code"));
        app.type("verify-code", code("ann@example.com", "Verification code"));
        app.click("verify-submit");
        // the password typed at sign-up signs in: no second typing
        app.waitFor(60, "the main window", () -> app.visible("main-view") && app.visible("new-project"));
        app.waitFor(10, "the focus on the page", WindowFitIT::focusOnThePage);
    }

    @Test
    @Order(2)
    void theNewProjectDialogGrowsWithItsMessageAndFocusStaysOffTheRouteBar() {
        app.robot().press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        app.waitFor(10, "the new-project dialog", () -> app.visible("project-name"));
        app.type("project-name", "Shop");
        app.waitFor(10, "the slug check", () -> "/p/shop is available.".equals(app.text("project-slug-status")));
        assertButtonsInsideTheirWindow("create-project-submit");
        app.click("create-project-submit");
        app.waitFor(30, "the dialog to close", () -> app.absent("project-name"));
        app.waitFor(30, "the new project's page", () -> "/p/shop/environments".equals(app.text("route-bar")));
        app.waitFor(10, "the focus on the page", WindowFitIT::focusOnThePage);
    }

    @Test
    @Order(3)
    void iconsOnPrimaryButtonsAreAsReadableAsTheirText() {
        app.waitFor(10, "the empty environments page", () -> app.scene().lookup(".empty-state .button") != null);
        Button first = app.read(() -> (Button) app.scene().lookup(".empty-state .button"));
        FontIcon plus = app.read(() -> (FontIcon) first.getGraphic());
        assertThat(app.read(plus::getIconColor)).isEqualTo(app.read(first::getTextFill));
        MenuButton create = app.node("env-new");
        FontIcon menuPlus = app.read(() -> (FontIcon) create.getGraphic());
        assertThat(app.read(menuPlus::getIconColor)).isEqualTo(app.read(create::getTextFill));
    }

    @Test
    @Order(4)
    void theNewEnvironmentDialogFitsItsPresetAndItsMessages() {
        MenuButton create = app.node("env-new");
        app.fx(create::show);
        app.robot().clickOn("#env-new-qa");
        app.waitFor(10, "the create dialog", () -> app.visible("env-create-base-url"));
        assertNotEllipsized("env-create-constraints");
        app.type("env-create-base-url", "not a url");
        app.click("env-create-submit");
        app.waitFor(10, "the base URL problem", () -> !errorUnder("env-create-base-url").isEmpty());
        assertButtonsInsideTheirWindow("env-create-submit");
        app.type("env-create-base-url", "https://qa.shop.example");
        app.click("env-create-submit");
        app.waitFor(30, "the new environment", () -> app.absent("env-create-base-url")
                && "QA staging".equals(app.text("env-editor-name")));
        app.waitFor(10, "the creation message", () -> app.visible("env-message"));
        assertThat(app.text("env-message")).isEqualTo("Created QA staging from the QA staging preset.");
    }

    @Test
    @Order(5)
    void switchingTheEnvironmentIsTheNextActionAndClearsTheWindowsAndThePagesNotices() {
        assertThat(app.text("env-message")).isEqualTo("Created QA staging from the QA staging preset.");
        app.type("route-bar", "/p/nope");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(5, "the window's notice", () -> app.visible("notice-text"));
        app.robot().press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        app.waitFor(5, "the notices gone", () -> !app.visible("notice-text") && app.text("env-message").isEmpty());
    }

    @Test
    @Order(7)
    void ctrlSAndCtrlKLeaveTheFocusWhereTheUserWorks() {
        app.type("env-base-url", "https://qa2.shop.example");
        app.robot().press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        app.waitFor(30, "saved", () -> "Saved QA staging.".equals(app.text("env-message")));
        app.waitFor(10, "the focus back in the field", () -> focusOwner() != null
                && "env-base-url".equals(focusOwner().getId()));

        app.robot().press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        app.waitFor(5, "the quick switcher", () -> app.visible("quick-switcher-query"));
        app.robot().write("shop settings");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(10, "the settings page", () -> "/p/shop/settings".equals(app.text("route-bar")));
        app.waitFor(10, "the focus in the page's first field", () -> focusOwner() != null
                && "settings-name".equals(focusOwner().getId()));
        assertThat(app.read(() -> app.<javafx.scene.control.TextField>node("settings-name").getSelectedText())).isEmpty();
        app.robot().type(KeyCode.END);
        assertThat(app.text("route-bar")).isEqualTo("/p/shop/settings");
    }

    @Test
    @Order(8)
    void theThemeButtonShowsTheThemeInUse() {
        assertThat(themeIcon()).isEqualTo(Feather.SUN); // light
        app.click("toggle-theme");
        app.waitFor(5, "the moon in dark mode", () -> themeIcon() == Feather.MOON);
        app.click("toggle-theme");
        app.waitFor(5, "the sun in light mode", () -> themeIcon() == Feather.SUN);
    }

    @Test
    @Order(9)
    void aSmallWindowCutsNothingAndTheSidebarCollapses() {
        app.atSize(1024, 700, WindowFitIT::smallWindow); // the next test class gets the window as it was
    }

    private static void smallWindow() {
        app.waitFor(30, "connected", () -> "connected".equals(app.text("status-connection")));
        assertThat(app.absent("status-route")).isTrue(); // the route bar shows it already
        for (String id : List.of("status-user", "status-database", "status-connection", "status-environment")) {
            assertNotEllipsized(id);
        }
        List<String> texts = app.read(() -> app.scene().lookup(".status-bar").lookupAll(".label").stream()
                .map(n -> ((Labeled) n).getText()).toList());
        assertThat(String.join(" ", texts).strip()).doesNotEndWith("·");

        double withSidebar = pageWidth();
        app.robot().press(KeyCode.CONTROL, KeyCode.B).release(KeyCode.B, KeyCode.CONTROL);
        app.waitFor(5, "the sidebar collapsed", () -> !app.visible("sidebar") && pageWidth() > withSidebar + 150);
        app.waitFor(10, "the collapsed sidebar remembered", () -> state().contains("ui.sidebar-collapsed=true"));
        app.click("toggle-sidebar");
        app.waitFor(5, "the sidebar back", () -> app.visible("sidebar") && Math.abs(pageWidth() - withSidebar) < 1);
        app.waitFor(10, "the open sidebar remembered", () -> state().contains("ui.sidebar-collapsed=false"));
    }

    @Test
    @Order(10)
    void f1AndCtrlSlashListEveryKeyOfTheWindowAndCtrlCommaOpensTheApplicationSettings() {
        for (KeyCode[] opener : List.of(new KeyCode[] {KeyCode.F1}, new KeyCode[] {KeyCode.CONTROL, KeyCode.SLASH})) {
            app.robot().press(opener);
            for (int i = opener.length - 1; i >= 0; i--) {
                app.robot().release(opener[i]);
            }
            app.waitFor(5, "the shortcut sheet", () -> app.visible("shortcut-sheet"));
            List<String> sheet = labelsIn("shortcut-sheet");
            List<String> keys = app.read(() -> app.scene().getAccelerators().keySet().stream()
                    .map(javafx.scene.input.KeyCombination::getDisplayText).toList());
            assertThat(keys).contains("Ctrl+K", "Ctrl+Q", "F1", "Ctrl+/", "Ctrl+,", "Ctrl+B", "Ctrl+9");
            for (String key : keys) {
                assertThat(sheet).as("the sheet names " + key)
                        .anyMatch(text -> text.equals(key) || key.matches("Ctrl\\+[2-9]") && text.contains("Ctrl+9"));
            }
            assertThat(sheet).contains("Ctrl+Enter", "Run the selected scenarios against the active environment");
            app.robot().type(KeyCode.ESCAPE);
            app.waitFor(5, "the sheet closed", () -> app.absent("shortcut-sheet"));
        }
        app.robot().press(KeyCode.CONTROL, KeyCode.COMMA).release(KeyCode.COMMA, KeyCode.CONTROL);
        app.waitFor(5, "the application settings", () -> app.visible("app-settings-dialog"));
        List<String> settings = labelsIn("app-settings-dialog");
        assertThat(settings).contains("Theme", "Database", "Where the data lives. A change applies the next time Qodex "
                + "starts.").doesNotContain("Qodex Operator").noneMatch(text -> text.contains("change this later"));
        assertThat(app.read(() -> app.node("app-settings-dialog").lookupAll(".app-title"))).as("no second logo")
                .isEmpty();
        assertThat(app.read(() -> app.node("app-settings-dialog").lookupAll(".title-4").stream()
                .map(n -> ((Labeled) n).getText()).toList())).containsExactly("Theme", "Browser for the login recorder",
                "Database");
        app.robot().type(KeyCode.ESCAPE);
        app.waitFor(5, "the settings closed", () -> app.absent("app-settings-dialog"));
        List<String> buttons = app.read(() -> app.scene().getRoot().lookupAll(".button").stream()
                .filter(n -> n instanceof Labeled).map(n -> ((Labeled) n).getText()).toList());
        assertThat(buttons).contains("Project settings").doesNotContain("Settings");
    }

    @Test
    @Order(11)
    void theSignInCardShowsOnlyTheLatestNoticeAndFocusesThePassword() throws Exception {
        app.click("sign-out");
        app.waitFor(30, "the sign-in screen", () -> app.visible("signin-password"));
        assertThat(app.text("signin-email")).isEqualTo("ann@example.com");
        app.waitFor(5, "the focus in the password", () -> focusOwner() != null
                && "signin-password".equals(focusOwner().getId()));

        app.click("goto-forgot");
        app.click("forgot-request");
        app.waitFor(30, "the reset form", () -> app.visible("forgot-code"));
        app.type("forgot-code", code("ann@example.com", "Reset code"));
        app.type("forgot-password", NEW_PASSWORD);
        app.click("forgot-reset");
        app.waitFor(30, "the sign-in card with its notice", () -> app.visible("signin-password")
                && app.visible("signin-info"));

        app.type("signin-password", "wrong-password-000");
        app.click("signin-submit");
        app.waitFor(30, "the refusal", () -> app.visible("signin-error")
                && "Wrong email or password.".equals(app.text("signin-error")));
        assertThat(app.visible("signin-info")).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    /** The texts of every label and button of a dialog (by its pane's id). */
    private static List<String> labelsIn(String id) {
        return app.read(() -> app.node(id).lookupAll(".label").stream().filter(n -> n instanceof Labeled)
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null && !t.isBlank()).toList());
    }

    private static Node focusOwner() {
        return app.read(() -> app.scene().getFocusOwner());
    }

    /** The focus is on the page (its first field, or the page itself), not in the route bar nor on a toolbar button. */
    private static boolean focusOnThePage() {
        return app.read(() -> {
            Node page = app.node("page-content");
            for (Node n = app.scene().getFocusOwner(); n != null; n = n.getParent()) {
                if (n == page) {
                    return true;
                }
            }
            return false;
        });
    }

    /** What the app remembers between runs ($QODEX_HOME/state.properties). */
    private static String state() throws java.io.IOException {
        Path file = Path.of(environment.get("QODEX_HOME"), "state.properties");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static double pageWidth() {
        return app.read(() -> app.node("page-content").getLayoutBounds().getWidth());
    }

    private static Feather themeIcon() {
        return app.read(() -> (Feather) ((FontIcon) app.<Button>node("toggle-theme").getGraphic()).getIconCode());
    }

    private static double sceneY(String id) {
        return app.read(() -> {
            Node node = app.node(id);
            return node.localToScene(node.getLayoutBounds()).getMinY();
        });
    }

    /** Every button of the dialog holding {@code buttonId} lies inside the dialog's window. */
    private static void assertButtonsInsideTheirWindow(String buttonId) {
        app.waitFor(5, "the dialog's buttons inside its window", () -> {
            Node button = app.node(buttonId);
            Scene scene = button.getScene();
            scene.getRoot().applyCss();
            scene.getRoot().layout(); // measured after the layout the message asked for, not before it
            for (Node each : scene.getRoot().lookupAll(".button-bar .button")) {
                Bounds bounds = each.localToScene(each.getLayoutBounds());
                if (bounds.getMinX() < 0 || bounds.getMinY() < 0 || bounds.getMaxX() > scene.getWidth()
                        || bounds.getMaxY() > scene.getHeight()) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The label shows its whole text: the rendered text is not cut with an ellipsis. */
    private static void assertNotEllipsized(String id) {
        app.waitFor(5, id + " shown in full", () -> {
            Labeled label = app.node(id);
            Text rendered = (Text) label.lookup(".text");
            return rendered != null && !label.getText().isEmpty() && rendered.getText().equals(label.getText());
        });
    }

    /** The text of the inline message under a form field (FormField: caption, input, message), "" while hidden. */
    private static String errorUnder(String inputId) {
        return app.read(() -> {
            Node input = app.node(inputId);
            javafx.scene.control.Label message = (javafx.scene.control.Label)
                    ((javafx.scene.layout.VBox) input.getParent()).getChildren().get(2);
            return message.isVisible() ? message.getText() : "";
        });
    }

    private static String code(String email, String kind) throws Exception {
        Path outbox = Path.of(environment.get("QODEX_HOME"), "outbox");
        Pattern pattern = Pattern.compile(kind + ": ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})");
        app.waitFor(30, kind + " mailed to " + email, () -> {
            try (Stream<Path> files = Files.list(outbox)) {
                return files.filter(p -> p.getFileName().toString().contains(email)).anyMatch(p -> {
                    try {
                        return pattern.matcher(Files.readString(p)).find();
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
            } catch (java.io.IOException e) {
                return false;
            }
        });
        try (Stream<Path> files = Files.list(outbox)) {
            List<Path> mails = files.filter(p -> p.getFileName().toString().contains(email)).sorted().toList();
            for (int i = mails.size() - 1; i >= 0; i--) {
                Matcher matcher = pattern.matcher(Files.readString(mails.get(i)));
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            throw new AssertionError("no " + kind + " mailed to " + email);
        }
    }
}
