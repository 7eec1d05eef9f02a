package io.qodex.app.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.FakeOpenAi;
import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.FxFailures;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The desktop app end to end, headless (TestFX + Monocle) on a real PostgreSQL: sign up, verify with the code from
 * the outbox, sign in, create and switch projects (sidebar and Ctrl+K), live refresh from a second client, the
 * last-Admin refusal, BYOK against a local OpenAI-compatible server, and inline validation that keeps input.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FxFailures.class)
class DesktopFlowIT {

    private static final String PASSWORD = "marble-octopus-73q";
    private static final String GOOD_KEY = "sk-ui-good-key-1234567890wxyz";
    private static TestDatabase db;
    private static FakeOpenAi openAi;
    private static Map<String, String> environment;
    private static FxApp app;

    @BeforeAll
    static void start() throws Exception {
        db = TestPostgres.freshDatabase();
        openAi = new FakeOpenAi(GOOD_KEY);
        environment = TestBackends.environment(db);
        environment.put("QODEX_OPENAI_BASE_URL", openAi.baseUrl());
        app = FxApp.start(environment);
        app.waitFor(60, "the sign-in screen", () -> app.visible("signin-email"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.stop();
        openAi.close();
        db.close();
    }

    @Test
    @Order(1)
    void signUpVerifySignInCreateProjectsAndSwitch() throws Exception {
        app.click("goto-signup");
        app.type("signup-email", "amy@example.com");
        app.type("signup-password", "short");
        assertThat(ruleTexts("signup-password-rules")).anyMatch(rule -> rule.contains("at least 12 characters (5 so far)"));
        app.type("signup-password", PASSWORD);
        assertThat(ruleTexts("signup-password-rules")).containsExactly("Strong enough.");
        app.type("signup-confirmation", PASSWORD + "x");
        app.click("signup-submit");
        app.waitFor(5, "the mismatch message", () -> "Fix the marked fields first.".equals(app.text("signup-error")));
        assertThat(app.text("signup-email")).isEqualTo("amy@example.com");
        app.type("signup-confirmation", PASSWORD);
        app.click("signup-submit");
        app.waitFor(30, "the verification screen", () -> app.visible("verify-code"));

        app.type("verify-code", codeFor("amy@example.com"));
        app.click("verify-submit");
        // verifying signs in with the password typed at sign-up (issue 13: it was asked for again)
        app.waitFor(60, "the main window", () -> app.visible("main-view") && app.visible("new-project"));

        createProject("Shop Web", "shop-web");
        app.waitFor(30, "the route of the new project", () -> "/p/shop-web/environments".equals(app.text("route-bar")));
        createProject("Admin Console", "admin-console");
        app.waitFor(30, "the route of the second project", () -> "/p/admin-console/environments".equals(app.text("route-bar")));
        app.click("section-members");
        app.waitFor(10, "the members section", () -> "/p/admin-console/members".equals(app.text("route-bar")));

        // switch with the sidebar: the section stays
        app.robot().clickOn(cell("Shop Web"));
        app.waitFor(10, "the sidebar switch", () -> "/p/shop-web/members".equals(app.text("route-bar")));
        assertThat(app.text("page-title")).isEqualTo("Members");

        // switch with Ctrl+K
        app.robot().press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        app.waitFor(5, "the quick switcher", () -> app.visible("quick-switcher-query"));
        app.robot().write("console byok");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(10, "the quick switch", () -> "/p/admin-console/byok".equals(app.text("route-bar")));
        assertThat(app.text("page-title")).isEqualTo("LLM key (BYOK)");
        assertThat(app.visible("quick-switcher-query")).isFalse();

        // typing a route in the route bar
        app.type("route-bar", "/p/shop-web/settings");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(10, "the typed route", () -> "Project settings".equals(app.text("page-title")));
    }

    @Test
    @Order(2)
    void aRenameFromAnotherDesktopShowsUpWithoutRestart() throws Exception {
        try (Backend other = TestBackends.open(environment)) {
            other.accounts().signUp("ben@example.com", Secret.copyOf(PASSWORD));
            other.relayMail();
            other.accounts().verify("ben@example.com", codeFor("ben@example.com"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
        }
        app.type("route-bar", "/p/shop-web/members");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(10, "the members page", () -> app.visible("invite-email"));
        app.type("invite-email", "ben@example.com");
        app.click("invite-submit");
        // the change feed may list ben before the invitation's own answer arrives: wait for both
        app.waitFor(30, "ben in the table and the answer", () -> membersTable().contains("ben@example.com")
                && !app.text("members-message").isEmpty());
        assertThat(app.text("members-message")).isEqualTo("Invited ben@example.com as Member: they join when they "
                + "accept; then confirm their key fingerprint here.");
        assertThat(membersTable()).contains("INVITED");

        // ben accepts on his desktop; amy's page follows (live), lists him waiting, and she confirms his fingerprint
        String bensFingerprint;
        try (Backend bens = TestBackends.open(environment);
             Workspace ben = bens.signIn("ben@example.com", Secret.copyOf(PASSWORD))) {
            ben.members().accept(ben.members().invitation("shop-web"));
            bensFingerprint = ben.keyRing().myFingerprint().phrase();
        }
        app.waitFor(30, "ben waiting for confirmation", () -> membersTable().contains("WAITING_FOR_CONFIRMATION")
                && app.visible("confirm-ben-example-com"));
        assertThat(app.text("members-waiting")).startsWith("1 member waits for your confirmation.");
        app.click("confirm-ben-example-com");
        app.waitFor(10, "the confirmation dialog", () -> !app.robot().lookup(".dialog-pane").queryAll().isEmpty());
        String dialog = app.onFx(() -> ((javafx.scene.control.DialogPane) app.robot().lookup(".dialog-pane").query())
                .getContentText());
        assertThat(dialog).contains(bensFingerprint).contains("Confirm only if every word matches");
        app.robot().clickOn(app.robot().lookup(".dialog-pane .button").match((Node n) -> n instanceof Button b
                && "Confirm".equals(b.getText())).<Button>query());
        app.waitFor(30, "ben confirmed", () -> "Confirmed ben@example.com: they hold the project key now."
                .equals(app.text("members-message")) && membersTable().contains("ACTIVE"));
        assertThat(app.visible("members-waiting")).isFalse();

        try (Backend secondDesktop = TestBackends.open(TestBackends.environment(db));
             Workspace amy = secondDesktop.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
            long before = System.nanoTime();
            amy.projects().rename(amy.projects().bySlug("shop-web"), "Shop Web EU");
            app.waitFor(10, "the new name in the first window", () -> !listed("Shop Web EU").isEmpty());
            System.out.printf("live refresh: the rename appeared after %d ms%n", (System.nanoTime() - before) / 1_000_000);
        }
    }

    @Test
    @Order(3)
    void theOnlyAdminsRemoveButtonIsOffAndSaysWhy() {
        app.type("route-bar", "/p/shop-web/members");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(10, "the members table", () -> membersTable().contains("amy@example.com"));
        // the only Admin's remove button is off, with the reason where the pointer is (issue 13)
        Node amy = app.node("remove-amy-example-com");
        Node reason = app.node("remove-amy-example-com-reason");
        Node ben = app.node("remove-ben-example-com");
        assertThat(app.read(amy::isDisabled)).isTrue();
        assertThat(app.read(reason::getAccessibleText))
                .isEqualTo("A project must keep at least one Admin: make someone else Admin first.");
        assertThat(app.read(ben::isDisabled)).isFalse();
        assertThat(membersTable()).contains("amy@example.com");
    }

    /** Issue 13: a section opened in a project without environments follows a switch to one with environments. */
    @Test
    @Order(4)
    void theLoginsPageFollowsTheNewlySelectedProject() throws Exception {
        try (Backend secondDesktop = TestBackends.open(TestBackends.environment(db));
             Workspace amy = secondDesktop.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
            amy.environments().saveOrThrow(amy.projects().bySlug("shop-web"),
                    io.qodex.domain.environment.EnvironmentDraft.fromPreset(
                            io.qodex.domain.environment.EnvironmentPreset.QA, "QA", "https://qa.shop.example", ""));
        }
        app.type("route-bar", "/p/admin-console/logins");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(10, "the empty Logins page", () -> "/p/admin-console/logins".equals(app.text("route-bar"))
                && "Logins".equals(app.text("page-title")));
        assertThat(app.absent("logins-environment")).isTrue();
        app.robot().clickOn(cell("Shop Web EU")); // renamed by the live-refresh test
        app.waitFor(20, "the Logins page of Shop Web", () -> "/p/shop-web/logins".equals(app.text("route-bar"))
                && !app.absent("logins-environment") && app.visible("logins-environment"));
        app.robot().clickOn(cell("Admin Console"));
        app.waitFor(20, "the empty page again", () -> "/p/admin-console/logins".equals(app.text("route-bar"))
                && app.absent("logins-environment"));
        // the same by keyboard: Ctrl+F, the project's name, Enter
        app.robot().press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        app.waitFor(5, "the project filter", () -> app.read(() -> app.node("project-filter").isFocused()));
        app.robot().write("Shop Web");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(20, "the Logins page of Shop Web by keyboard", () -> "/p/shop-web/logins"
                .equals(app.text("route-bar")) && !app.absent("logins-environment") && app.visible("logins-environment"));
        app.fx(() -> app.<TextField>node("project-filter").clear());
    }

    @Test
    @Order(5)
    void byokSavesAValidatedKeyShowsTheLastFourAndRefusesARejectedOne() {
        app.type("route-bar", "/p/shop-web/byok");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(10, "the BYOK page", () -> app.visible("byok-key") && app.visible("byok-none"));
        app.type("byok-key", "sk-ui-rejected-key-000000000000");
        app.click("byok-save");
        app.waitFor(30, "the provider's refusal", () -> app.visible("byok-key") && textOf(errorUnder("byok-key"))
                .equals("OpenAI refused the key: 401 invalid_api_key: Incorrect API key provided. "
                        + "Your key was not saved."));
        assertThat(app.visible("byok-none")).isTrue(); // nothing saved
        assertThat(app.text("byok-key")).isEqualTo("sk-ui-rejected-key-000000000000"); // input kept

        app.type("byok-key", GOOD_KEY);
        app.click("byok-save");
        app.waitFor(30, "the saved key", () -> app.visible("byok-last-four"));
        assertThat(app.text("byok-last-four")).isEqualTo("••••••••wxyz");
        assertThat(app.text("byok-key")).isEmpty();
        assertThat(app.text("byok-message")).contains("ending in wxyz");
    }

    @Test
    @Order(6)
    void badInputShowsAnInlineMessageAndKeepsWhatWasTyped() {
        // new project: too long, malformed, duplicate
        app.robot().press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        app.waitFor(10, "the new-project dialog", () -> app.visible("project-name"));
        String longName = "N".repeat(101);
        app.type("project-name", longName);
        app.waitFor(5, "the name error", () -> textOf(errorUnder("project-name")).contains("at most 100 characters"));
        assertThat(app.text("project-name")).isEqualTo(longName);
        app.type("project-name", "Another");
        app.type("project-slug", "Bad Slug");
        app.waitFor(5, "the slug error", () -> textOf(errorUnder("project-slug")).contains("lowercase letters"));
        assertThat(app.text("project-slug")).isEqualTo("Bad Slug");
        app.type("project-slug", "shop-web");
        app.waitFor(10, "the duplicate slug", () -> textOf(errorUnder("project-slug")).contains("already taken"));
        assertThat(app.node("create-project-submit").isDisabled()).isTrue();
        app.robot().type(KeyCode.ESCAPE);

        // invite: malformed address
        app.type("route-bar", "/p/shop-web/members");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(10, "the members page", () -> app.visible("invite-email"));
        app.type("invite-email", "not-an-address");
        app.click("invite-submit");
        app.waitFor(5, "the invite error", () -> textOf(errorUnder("invite-email")).contains("is not a valid email address"));
        assertThat(app.text("invite-email")).isEqualTo("not-an-address");

        // settings: an empty name
        app.type("route-bar", "/p/shop-web/settings");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(10, "the settings page", () -> app.visible("settings-name"));
        app.fx(() -> ((TextField) app.scene().lookup("#settings-name")).clear());
        app.waitFor(5, "the rename error", () -> textOf(errorUnder("settings-name")).equals("Enter a project name."));
        assertThat(app.node("settings-rename").isDisabled()).isTrue();

        // sign-in: wrong password keeps the email
        app.click("sign-out");
        app.waitFor(30, "the sign-in screen", () -> app.visible("signin-password"));
        app.type("signin-email", "amy@example.com");
        app.type("signin-password", "wrong-password-000");
        app.click("signin-submit");
        app.waitFor(30, "the refusal", () -> "Wrong email or password.".equals(app.text("signin-error")));
        assertThat(app.text("signin-email")).isEqualTo("amy@example.com");
        app.type("signin-email", "amy(at)example.com");
        app.click("signin-submit");
        app.waitFor(5, "the email error", () -> textOf(errorUnder("signin-email")).contains("is not a valid email address"));
        assertThat(app.text("signin-email")).isEqualTo("amy(at)example.com");

        // sign-up: weak password and malformed email
        app.click("goto-signup");
        app.type("signup-email", "zed@@example.com");
        app.type("signup-password", "password1234");
        app.click("signup-submit");
        app.waitFor(5, "the sign-up errors", () -> textOf(errorUnder("signup-email")).contains("is not a valid email address")
                && ruleTexts("signup-password-rules").stream().anyMatch(r -> r.contains("commonly used")));
        assertThat(app.text("signup-email")).isEqualTo("zed@@example.com");
    }

    // ------------------------------------------------------------------ helpers

    private static void createProject(String name, String slug) {
        app.robot().press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        app.waitFor(10, "the new-project dialog", () -> app.visible("project-name"));
        app.type("project-name", name);
        assertThat(app.text("project-slug")).isEqualTo(slug);
        app.waitFor(10, "the slug check", () -> ("/p/" + slug + " is available.").equals(app.text("project-slug-status")));
        app.click("create-project-submit");
        app.waitFor(30, "the dialog to close", () -> app.absent("project-name"));
    }

    private static String codeFor(String email) throws Exception {
        Path outbox = Path.of(environment.get("QODEX_HOME"), "outbox");
        app.waitFor(30, "the mail to " + email, () -> {
            try (Stream<Path> files = Files.list(outbox)) {
                return files.anyMatch(p -> p.getFileName().toString().contains(email));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        try (Stream<Path> files = Files.list(outbox)) {
            List<Path> mails = files.filter(p -> p.getFileName().toString().contains(email)).sorted().toList();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mails.get(mails.size() - 1)));
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        }
    }

    private static List<String> ruleTexts(String id) {
        return app.read(() -> app.<javafx.scene.layout.VBox>node(id).getChildren().stream()
                .map(n -> ((javafx.scene.control.Label) n).getText()).toList());
    }

    /** The inline message under a form field (FormField: label, input, message). */
    private static Node errorUnder(String inputId) {
        return app.read(() -> {
            Node input = app.node(inputId);
            javafx.scene.layout.VBox field = (javafx.scene.layout.VBox) input.getParent();
            return field.getChildren().get(2);
        });
    }

    /** The text of an inline message, or "" while it is hidden. */
    private static String textOf(Node node) {
        return app.read(() -> {
            javafx.scene.control.Label label = (javafx.scene.control.Label) node;
            return label.isVisible() ? label.getText() : "";
        });
    }

    private static Node cell(String projectName) {
        return app.robot().lookup(".project-cell-name").match((Node n) -> n instanceof javafx.scene.control.Label l
                && l.getText().equals(projectName)).query();
    }

    private static List<Node> listed(String projectName) {
        return app.robot().lookup(".project-cell-name").match((Node n) -> n instanceof javafx.scene.control.Label l
                && l.getText().equals(projectName)).queryAll().stream().toList();
    }

    private static String membersTable() {
        return app.read(() -> {
            TableView<io.qodex.domain.member.Member> table = app.node("members-table");
            return table.getItems().toString();
        });
    }

    @SuppressWarnings("unused")
    private static ListView<?> projectList() {
        return app.node("project-list");
    }
}
