package io.qodex.app.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.shell.TestHooks;
import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.FxFailures;
import io.qodex.app.testing.Memberships;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.scenario.Finding;
import io.qodex.domain.scenario.Scenario;
import io.qodex.domain.scenario.ScenarioSpec;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Scenarios and Findings pages in the real window, on a real PostgreSQL, against a local HTTP server that records
 * what reached it: a scenario written in the editor (a bad line is refused next to its field and nothing typed is
 * lost), saved with Ctrl+S, run with Ctrl+Enter against the active environment with each step's row filling in live
 * while the window stays usable (the captured id reaches the second request), and Stop abandons the request in flight;
 * a failed expectation shows expected against actual and becomes a finding on the Findings page; leaving with unsaved
 * changes asks; a POST step on a read-only, production-like environment asks first, then is refused and never reaches
 * the server; export writes the file, import asks about names that exist and refuses a broken file whole, naming every
 * problem's field; a save over someone else's is a conflict that keeps the text typed until theirs is reloaded; a
 * Viewer sees the editor read-only and why Run is off. Exceptions on the FX thread and errors logged by background
 * tasks fail the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FxFailures.class)
class ScenariosFlowIT {

    private static final String PASSWORD = "marble-octopus-73q";
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    private static volatile CountDownLatch hold = new CountDownLatch(0);
    private static volatile CountDownLatch held = new CountDownLatch(0);
    private static HttpServer server;
    private static TestDatabase db;
    private static Map<String, String> environment;
    private static FxApp app;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String line = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            RECEIVED.add(line);
            if (line.equals("GET /items/7")) {
                held.countDown();
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String body;
            int status = 200;
            if (line.equals("GET /items")) {
                body = "{\"items\":[{\"id\":7,\"name\":\"a\"}]}";
            } else if (line.equals("GET /items/7")) {
                body = "{\"id\":7,\"name\":\"a\"}";
            } else if (line.equals("POST /items")) {
                status = 201;
                body = "{\"id\":8}";
            } else {
                status = 404;
                body = "{\"error\":\"not found\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException e) {
                // the client went away (a stopped run)
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();

        db = TestPostgres.freshDatabase();
        environment = TestBackends.environment(db);
        try (Backend backend = TestBackends.open(environment)) {
            backend.accounts().signUp("amy@example.com", Secret.copyOf(PASSWORD));
            backend.accounts().signUp("vic@example.com", Secret.copyOf(PASSWORD));
            backend.relayMail();
            for (String user : List.of("amy@example.com", "vic@example.com")) {
                backend.accounts().verify(user, code(user), Secret.copyOf(PASSWORD));
            }
            try (Workspace amy = backend.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
                Project shop = amy.projects().create("Shop", "shop");
                var qa = amy.environments().saveOrThrow(shop, EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA",
                        baseUrl, ""));
                amy.environments().saveOrThrow(shop, EnvironmentDraft.fromPreset(EnvironmentPreset.PRODUCTION, "Live",
                        baseUrl, ""));
                amy.environments().use(shop, qa.id());
                Memberships.join(backend, amy, shop, "vic@example.com", PASSWORD, ProjectRole.VIEWER);
            }
        }
        app = signIn("amy@example.com");
        app.waitFor(60, "the empty scenarios page", () -> app.visible("scenarios-empty-new")
                && "QA".equals(app.text("run-environment")));
    }

    @AfterAll
    static void stop() throws Exception {
        hold.countDown();
        TestHooks.saveAs(null);
        TestHooks.open(null);
        try {
            if (app != null) {
                app.stop();
            }
        } finally {
            if (server != null) {
                server.stop(0);
            }
            if (db != null) {
                db.close();
            }
        }
    }

    @Test
    @Order(1)
    void aScenarioWrittenInTheEditorIsCheckedThenSavedWithCtrlS() throws Exception {
        assertThat(app.text("run-environment-constraints")).startsWith("writable · 20 rps");
        press(KeyCode.CONTROL, KeyCode.N);
        app.waitFor(10, "a new scenario", () -> app.visible("scenario-name") && app.visible("scenario-unsaved"));
        assertThat(app.text("scenario-name")).isEqualTo("New scenario");
        app.type("scenario-name", "Items");
        app.type("scenario-tags", "smoke, items");
        app.type("step-name", "List items");
        app.type("step-url", "${baseUrl}/items");
        tab("step-tabs", 2);
        app.type("step-captures", "itemId = $.items[0].id");
        app.click("step-add");
        app.waitFor(5, "the second step", () -> app.text("step-name").equals("Step 2"));
        app.type("step-name", "Read item");
        app.type("step-url", "${baseUrl}/items/${itemId}");
        tab("step-tabs", 0);
        app.type("step-headers", "Accept json");
        tab("step-tabs", 1);
        app.type("step-json-equals", "$.name = \"a\"");

        press(KeyCode.CONTROL, KeyCode.S);
        app.waitFor(10, "the problem", () -> app.visible("scenario-problems"));
        tab("step-tabs", 0);
        assertThat(app.text("step-headers-problem")).isEqualTo("Line 1: write a header as Name: value.");
        assertThat(problems()).containsExactly("Step 2 (Read item) · Headers: Line 1: write a header as Name: value.");
        assertThat(app.text("scenarios-error")).startsWith("Not saved: 1 problem to fix");
        assertThat(app.text("step-headers")).as("nothing typed is lost").isEqualTo("Accept json");
        assertThat(app.text("scenario-name")).isEqualTo("Items");
        List<Scenario> storedNow = asAmy(amy -> amy.scenarios().list(amy.projects().bySlug("shop")));
        assertThat(storedNow).as("nothing stored").isEmpty();

        app.type("step-headers", "Accept: application/json");
        app.waitFor(5, "the problem gone", () -> !app.visible("scenario-problems")
                && !app.text("step-headers-problem").startsWith("Line 1"));
        press(KeyCode.CONTROL, KeyCode.S);
        app.waitFor(20, "saved", () -> "Saved Items.".equals(app.text("scenarios-message"))
                && !app.visible("scenario-unsaved"));
        Scenario stored = asAmy(amy -> amy.scenarios().find(amy.projects().bySlug("shop"), "Items"));
        assertThat(stored.spec().tags()).containsExactly("smoke", "items");
        assertThat(stored.spec().steps()).hasSize(2);
        assertThat(stored.spec().steps().get(0).capture()).containsExactly(Map.entry("itemId", "$.items[0].id"));
        assertThat(stored.spec().steps().get(1).request().url()).isEqualTo("${baseUrl}/items/${itemId}");
        assertThat(stored.spec().steps().get(1).request().headers()).containsExactly(
                Map.entry("Accept", "application/json"));
        assertThat(stored.spec().steps().get(1).expect().jsonPath()).containsOnlyKeys("$.name");
        app.waitFor(10, "listed", () -> listedNames().equals(List.of("Items")));
    }

    @Test
    @Order(2)
    void ctrlEnterRunsItWithLiveProgressAndBothStepsPass() throws Exception {
        RECEIVED.clear();
        hold = new CountDownLatch(1);
        held = new CountDownLatch(1);
        press(KeyCode.CONTROL, KeyCode.ENTER);
        assertThat(held.await(20, TimeUnit.SECONDS)).as("the second request reached the server").isTrue();
        app.waitFor(10, "the first step passed while the second runs", () -> outcomes().equals(List.of("PASSED",
                "RUNNING")) && app.visible("run-stop"));
        assertThat(app.text("run-summary")).isEqualTo("Running Items against QA…");
        app.type("scenarios-filter", "ite"); // the window answers while the run waits on the server
        assertThat(app.text("scenarios-filter")).isEqualTo("ite");
        hold.countDown();
        app.waitFor(30, "the run's end", () -> app.text("run-summary").equals("Passed on QA: Items, 2 steps: 2 passed."));
        assertThat(outcomes()).containsExactly("PASSED", "PASSED");
        assertThat(RECEIVED).containsExactly("GET /items", "GET /items/7");
        assertThat(app.visible("run-stop")).isFalse();
        app.waitFor(10, "the last run in the list", () -> listedResult().startsWith("passed"));
    }

    @Test
    @Order(3)
    void stopAbandonsTheRequestInFlightAndSaysSo() throws Exception {
        hold = new CountDownLatch(1);
        held = new CountDownLatch(1);
        press(KeyCode.CONTROL, KeyCode.ENTER);
        assertThat(held.await(20, TimeUnit.SECONDS)).as("the second request reached the server").isTrue();
        app.waitFor(10, "running", () -> app.visible("run-stop") && outcomes().equals(List.of("PASSED", "RUNNING")));
        app.click("run-stop");
        app.waitFor(20, "stopped", () -> app.text("run-summary").startsWith("Stopped on QA: Items, 2 steps: 1 passed"));
        assertThat(outcomes().get(1)).isEqualTo("SKIPPED");
        assertThat(app.visible("run-stop")).isFalse();
        hold.countDown();
    }

    @Test
    @Order(4)
    void aFailedExpectationShowsExpectedAgainstActualAndBecomesAFinding() throws Exception {
        app.fx(() -> ((javafx.scene.control.ListView<?>) app.node("steps-list")).getSelectionModel().select(1));
        tab("step-tabs", 1);
        app.type("step-json-equals", "$.name = \"b\"");
        RECEIVED.clear();
        press(KeyCode.CONTROL, KeyCode.ENTER); // saves the change first
        app.waitFor(30, "the failed run", () -> app.text("run-summary")
                .equals("Failed on QA: Items, 2 steps: 1 passed, 1 failed."));
        assertThat(outcomes()).containsExactly("PASSED", "FAILED");
        assertThat(app.text("run-explanation")).isEqualTo("Step 2 Read item: 1 of 2 checks failed.");
        assertThat(checks()).first().isEqualTo("✗ $.name | \"b\" | \"a\"");
        assertThat(checks()).contains("✓ status | 200 | 200");
        assertThat(app.text("run-response")).contains("HTTP 200").contains("{\"id\":7,\"name\":\"a\"}");
        assertThat(app.text("run-request")).startsWith("GET http://127.0.0.1:").contains("/items/7");
        assertThat(app.visible("scenario-unsaved")).isFalse();

        go("/p/shop/findings");
        app.waitFor(20, "the finding, newest first", () -> app.visible("findings-table") && !findingRows().isEmpty()
                && findingRows().get(0).contains("$.name was"));
        Finding shown = app.read(() -> app.<TableView<Finding>>node("findings-table").getItems().get(0));
        assertThat(shown.step()).contains("Read item");
        assertThat(shown.expected()).isEqualTo("\"b\"");
        assertThat(shown.actual()).isEqualTo("\"a\"");
        assertThat(shown.by()).isEqualTo("amy@example.com");
        assertThat(findingRows().get(0)).contains("Items").contains("Read item");
        assertThat(app.text("findings-excerpt")).contains("Expected: \"b\"").contains("Actual:   \"a\"")
                .contains("HTTP 200");
    }

    @Test
    @Order(5)
    void leavingWithUnsavedChangesAsksSaveDiscardOrCancel() {
        go("/p/shop/scenarios");
        app.waitFor(20, "the editor", () -> app.visible("scenario-name") && "Items".equals(app.text("scenario-name")));
        app.type("scenario-collection", "Catalogue");
        press(KeyCode.CONTROL, KeyCode.Q); // quitting asks like leaving
        app.waitFor(10, "the question on Ctrl+Q", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Cancel");
        app.waitFor(10, "still open", () -> app.absent("unsaved-dialog") && app.visible("scenario-collection"));
        go("/p/shop/findings");
        app.waitFor(10, "the question", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Cancel");
        app.waitFor(10, "still here", () -> app.absent("unsaved-dialog"));
        assertThat(app.text("scenario-collection")).isEqualTo("Catalogue");
        assertThat(app.visible("scenario-unsaved")).isTrue();
        go("/p/shop/findings");
        app.waitFor(10, "the question again", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Discard");
        app.waitFor(20, "the findings page", () -> app.visible("findings-table"));
        go("/p/shop/scenarios");
        app.waitFor(20, "the editor", () -> app.visible("scenario-name") && "Items".equals(app.text("scenario-name")));
        assertThat(app.text("scenario-collection")).isEmpty();
    }

    @Test
    @Order(6)
    void aPostOnAReadOnlyEnvironmentIsRefusedAndNeverSentAfterTheProductionQuestion() throws Exception {
        app.fx(() -> ((javafx.scene.control.ListView<?>) app.node("steps-list")).getSelectionModel().select(1));
        app.click("step-add"); // after the selected step: the last
        app.waitFor(5, "the third step", () -> app.text("step-name").equals("Step 3"));
        app.type("step-name", "Create item");
        app.fx(() -> app.<javafx.scene.control.ComboBox<String>>node("step-method").setValue("POST"));
        tab("step-tabs", 0);
        app.type("step-body", "{\"name\": \"c\"}");
        press(KeyCode.CONTROL, KeyCode.S);
        app.waitFor(20, "saved", () -> !app.visible("scenario-unsaved"));

        press(KeyCode.CONTROL, KeyCode.DIGIT2);
        app.waitFor(10, "Live chosen", () -> "Live".equals(app.text("run-environment")));
        assertThat(app.text("run-environment-constraints")).isEqualTo("read-only · 5 rps · production-like: asks first");
        String before = app.text("run-summary");
        RECEIVED.clear();
        press(KeyCode.CONTROL, KeyCode.ENTER);
        app.waitFor(10, "the production question", () -> app.robot().lookup("Run against Live").tryQuery().isPresent());
        app.robot().clickOn("Cancel");
        Thread.sleep(500);
        assertThat(RECEIVED).as("nothing is sent without the confirmation").isEmpty();
        assertThat(app.text("run-summary")).isEqualTo(before);

        press(KeyCode.CONTROL, KeyCode.ENTER);
        app.waitFor(10, "the production question", () -> app.robot().lookup("Run against Live").tryQuery().isPresent());
        app.robot().clickOn("Run against Live");
        app.waitFor(30, "the run's end", () -> app.text("run-summary")
                .equals("Failed on Live: Items, 3 steps: 1 passed, 1 failed, 1 refused."));
        assertThat(outcomes()).containsExactly("PASSED", "FAILED", "REFUSED");
        app.fx(() -> app.<TableView<?>>node("run-results").getSelectionModel().select(2));
        assertThat(app.text("run-explanation")).startsWith("Step 3 Create item: Not sent: Live is read-only");
        assertThat(RECEIVED).containsExactly("GET /items", "GET /items/7");
        assertThat(RECEIVED).noneMatch(line -> line.startsWith("POST"));
    }

    @Test
    @Order(7)
    void exportWritesTheFileAndImportAsksAboutNamesThatExistAndRefusesABrokenFileWhole() throws Exception {
        Path folder = Files.createTempDirectory("scenario-files");
        TestHooks.saveAs(name -> folder.resolve(name));
        try {
            app.click("scenarios-export");
            app.robot().clickOn("Export all 1…");
            Path exported = folder.resolve("shop-scenarios.json");
            app.waitFor(20, "the export", () -> Files.exists(exported)
                    && app.text("scenarios-message").equals("Exported all scenarios to " + exported + "."));
            assertThat(Files.readString(exported)).contains("\"format\" : \"qodex.scenarios.v1\"")
                    .contains("\"${baseUrl}/items/${itemId}\"").contains("\"itemId\" : \"$.items[0].id\"");

            TestHooks.open(title -> exported);
            app.click("scenarios-import");
            app.waitFor(20, "the question about Items", () -> app.visible("import-conflict-dialog"));
            assertThat(app.read(() -> ((javafx.scene.control.RadioButton) app.node("import-rename")).isSelected()))
                    .isTrue();
            clickInDialog("import-conflict-dialog", "Import");
            app.waitFor(20, "the import", () -> listedNames().equals(List.of("Items", "Items (2)")));
            assertThat(app.text("scenarios-message")).isEqualTo("Imported shop-scenarios.json: 1 added; renamed "
                    + "Items → Items (2).");

            Path broken = folder.resolve("broken.json");
            Files.writeString(broken, "{\"format\": \"qodex.scenarios.v1\", \"scenarios\": [{\"name\": \"Bad\", "
                    + "\"steps\": [{\"name\": \"x\", \"request\": {\"method\": \"FETCH\", \"url\": \"\"}}]}, "
                    + "{\"name\": \"Also bad\", \"steps\": []}]}");
            TestHooks.open(title -> broken);
            app.click("scenarios-import");
            app.waitFor(20, "the refusal", () -> app.visible("import-refused-dialog"));
            List<String> problems = app.read(() -> List.copyOf(
                    app.<javafx.scene.control.ListView<String>>node("scenarios-import-problems").getItems()));
            assertThat(problems).contains("scenarios[0].steps[0].request.method: The method must be one of GET, HEAD, "
                    + "OPTIONS, POST, PUT, PATCH, DELETE.", "scenarios[0].steps[0].request.url: Enter the URL, e.g. "
                    + "${baseUrl}/items.", "scenarios[1].steps: A scenario has at least one step.");
            clickInDialog("import-refused-dialog", "OK");
            List<Scenario> stored = asAmy(amy -> amy.scenarios().list(amy.projects().bySlug("shop")));
            assertThat(stored).extracting(Scenario::name).as("nothing of the broken file")
                    .containsExactly("Items", "Items (2)");
        } finally {
            TestHooks.saveAs(null);
            TestHooks.open(null);
        }
    }

    @Test
    @Order(8)
    void aRouteOpensTheScenarioItNamesAndChoosingAnotherPutsItsNameInTheRoute() {
        go("/p/shop/scenarios/Items%20(2)");
        app.waitFor(20, "Items (2) from the route", () -> "Items (2)".equals(app.text("scenario-name"))
                && "/p/shop/scenarios/Items%20(2)".equals(app.text("route-bar")));
        app.fx(() -> app.<javafx.scene.control.ListView<Scenario>>node("scenarios-list").getSelectionModel()
                .clearAndSelect(0));
        app.waitFor(10, "the route of Items", () -> "Items".equals(app.text("scenario-name"))
                && "/p/shop/scenarios/Items".equals(app.text("route-bar")));
        go("/p/shop/scenarios/Nope");
        app.waitFor(10, "the unknown name", () -> "No scenario named \"Nope\" in Shop."
                .equals(app.text("scenarios-error")));
        assertThat(app.text("scenario-name")).isEqualTo("Items");
        assertThat(app.text("route-bar")).isEqualTo("/p/shop/scenarios/Items");

        // the page with a scenario in the editor fits a 1024×700 window with the sidebar open
        app.atSize(1024, 700, () -> assertThat(app.read(() -> app.scene().getRoot().minWidth(-1)))
                .as("the window's least width").isLessThanOrEqualTo(1024.0));
    }

    @Test
    @Order(9)
    void aSaveOverSomeoneElsesIsAConflictThatKeepsTheTextUntilTheirsIsReloaded() {
        app.fx(() -> {
            javafx.scene.control.ListView<Scenario> list = app.node("scenarios-list");
            list.getSelectionModel().clearAndSelect(0);
        });
        app.waitFor(10, "Items", () -> "Items".equals(app.text("scenario-name")));
        tab("scenario-tabs", 1);
        app.type("scenario-description", "Mine");
        asAmy(amy -> {
            Project shop = amy.projects().bySlug("shop");
            Scenario items = amy.scenarios().find(shop, "Items");
            ScenarioSpec spec = items.spec();
            amy.scenarios().save(shop, Optional.of(items), new ScenarioSpec(spec.name(), "Theirs", spec.tags(),
                    spec.collection(), spec.destructive(), spec.security(), spec.profile(), spec.steps()));
            return null;
        });
        press(KeyCode.CONTROL, KeyCode.S); // the live feed may have said so already; saving is refused either way
        app.waitFor(20, "the conflict", () -> app.visible("scenario-conflict"));
        assertThat(app.text("scenario-conflict")).startsWith("The scenario Items was changed by someone else")
                .contains("Your edits are still here");
        assertThat(app.text("scenarios-message")).isNotEqualTo("Saved Items.");
        String storedDescription = asAmy(amy -> amy.scenarios().find(amy.projects().bySlug("shop"), "Items").spec()
                .description());
        assertThat(storedDescription).isEqualTo("Theirs");
        assertThat(app.text("scenario-description")).isEqualTo("Mine");
        assertThat(app.visible("scenario-unsaved")).isTrue();
        app.click("scenario-conflict-reload");
        app.waitFor(20, "theirs", () -> "Theirs".equals(app.text("scenario-description"))
                && !app.visible("scenario-conflict") && !app.visible("scenario-unsaved"));
        tab("scenario-tabs", 0);
    }

    @Test
    @Order(10)
    void aViewerReadsTheScenarioButCannotChangeOrRunIt() throws Exception {
        app.stop();
        app = signIn("vic@example.com");
        app.waitFor(60, "the scenario", () -> app.visible("scenario-name") && "Items".equals(app.text("scenario-name")));
        assertThat(app.visible("scenarios-viewer-note")).isTrue();
        assertThat(app.absent("scenario-save")).isTrue();
        assertThat(editable("scenario-name")).isFalse();
        assertThat(editable("step-url")).isFalse();
        assertThat(disabled("step-method")).isTrue();
        assertThat(disabled("run-button")).isTrue();
        assertThat(disabled("scenarios-new")).isTrue();
        assertThat(disabled("scenarios-import")).isTrue();
        assertThat(tooltip("scenarios-run-why")).isEqualTo("Viewers cannot run scenarios in Shop; Members and Admins can.");
        assertThat(tooltip("scenarios-new-why")).startsWith("Viewers cannot create scenarios");
        app.robot().clickOn("#scenario-name").write("x");
        assertThat(app.text("scenario-name")).isEqualTo("Items");
        assertThat(app.visible("scenario-unsaved")).isFalse();
        press(KeyCode.CONTROL, KeyCode.ENTER);
        Thread.sleep(300);
        assertThat(app.visible("run-stop")).isFalse();
        assertThat(app.text("step-name")).isEqualTo("List items");
    }

    // ---------------------------------------------------------------- helpers

    private static FxApp signIn(String email) throws Exception {
        FxApp started = FxApp.start(environment, "--open", "/p/shop/scenarios");
        started.waitFor(60, "sign-in", () -> started.visible("signin-password"));
        started.type("signin-email", email);
        started.type("signin-password", PASSWORD);
        started.click("signin-submit");
        started.waitFor(60, "the scenarios page", () -> started.visible("scenarios-list"));
        return started;
    }

    /** What amy's own session reads from the database (not the window's). */
    private static <T> T asAmy(java.util.function.Function<Workspace, T> read) {
        try (Backend backend = TestBackends.open(environment);
             Workspace amy = backend.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
            return read.apply(amy);
        }
    }

    /** Clicks the button of a dialog (the editor has buttons of the same names). */
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

    private static void go(String route) {
        app.type("route-bar", route);
        app.robot().type(KeyCode.ENTER);
    }

    private static void tab(String id, int index) {
        app.fx(() -> app.<TabPane>node(id).getSelectionModel().select(index));
    }

    private static List<String> problems() {
        return app.read(() -> app.<javafx.scene.layout.VBox>node("scenario-problems").getChildren().stream()
                .map(n -> ((Labeled) n).getText()).toList());
    }

    private static List<String> outcomes() {
        return app.read(() -> app.<TableView<ResultRow>>node("run-results").getItems().stream()
                .map(ResultRow::outcome).toList());
    }

    private static List<String> checks() {
        return app.read(() -> app.<TableView<io.qodex.domain.scenario.Check>>node("run-checks").getItems().stream()
                .map(c -> (c.held() ? "✓ " : "✗ ") + c.what() + " | " + c.expected() + " | " + c.actual()).toList());
    }

    private static List<String> listedNames() {
        return app.read(() -> app.<javafx.scene.control.ListView<Scenario>>node("scenarios-list").getItems().stream()
                .map(Scenario::name).toList());
    }

    /** What the list shows as the first scenario's last run ("passed · just now"). */
    private static String listedResult() {
        return app.read(() -> {
            Node list = app.node("scenarios-list");
            return list.lookupAll(".label").stream().filter(n -> n.getStyleClass().stream()
                            .anyMatch(c -> c.startsWith("outcome-"))).map(n -> ((Labeled) n).getText())
                    .findFirst().orElse("");
        });
    }

    private static List<String> findingRows() {
        return app.read(() -> app.<TableView<Finding>>node("findings-table").getItems().stream()
                .map(f -> f.scenario().orElse("") + " | " + f.step().orElse("") + " | " + f.title()).toList());
    }

    private static boolean editable(String id) {
        return app.read(() -> app.<TextInputControl>node(id).isEditable());
    }

    private static boolean disabled(String id) {
        return app.read(() -> app.node(id).isDisabled());
    }

    private static String tooltip(String id) {
        return app.read(() -> {
            Object tip = app.node(id).getProperties().get("javafx.scene.control.Tooltip");
            return tip instanceof Tooltip tooltip ? tooltip.getText() : "";
        });
    }

    private static String code(String email) throws Exception {
        try (Stream<Path> files = Files.list(Path.of(environment.get("QODEX_HOME"), "outbox"))) {
            Path mail = files.filter(p -> p.getFileName().toString().contains(email)).sorted().findFirst().orElseThrow();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
                    .matcher(Files.readString(mail));
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        }
    }
}
