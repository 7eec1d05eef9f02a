package io.qodex.app.shell;

import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.FxApp;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.project.Project;
import io.qodex.domain.scenario.Expectations;
import io.qodex.domain.scenario.RequestSpec;
import io.qodex.domain.scenario.RunListener;
import io.qodex.domain.scenario.Scenario;
import io.qodex.domain.scenario.ScenarioSpec;
import io.qodex.domain.scenario.ScenarioStep;
import io.qodex.domain.scenario.Selection;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;

/**
 * The tour's Scenarios and Findings pages: four scenarios of the shop (two run before, so the list shows their last
 * results), one run in the window against the Local environment (a local shop API) with a passed and a failed step,
 * then the findings. Each is also written in a 1024×700 window (light theme).
 */
final class ScenarioShots {

    static final String CATALOGUE = "Catalogue: list and read an item";

    private ScenarioShots() {
    }

    static void seed(Workspace amy, Project shop, EnvironmentSummary local) {
        Map<String, Object> listed = new LinkedHashMap<>();
        listed.put("$.total", BigInteger.TWO);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("$.name", "Blue mug");
        item.put("$.price", new BigDecimal("12.5"));
        save(amy, shop, new ScenarioSpec(CATALOGUE, "Lists the catalogue and reads the first item.\n\nThe price "
                + "must match the **catalogue feed** (12.50).", List.of("smoke", "catalogue"), Optional.of("Catalogue"),
                false, false, Optional.empty(), List.of(
                new ScenarioStep("List items", new RequestSpec("GET", "${baseUrl}/api/items",
                        Map.of("Accept", "application/json"), Optional.empty()),
                        new Expectations(Optional.of(200), listed, List.of("$.items[0].id"),
                                Map.of("Content-Type", "application/json"), Optional.empty()),
                        Map.of("itemId", "$.items[0].id")),
                new ScenarioStep("Read the first item", new RequestSpec("GET", "${baseUrl}/api/items/${itemId}",
                        Map.of("Accept", "application/json"), Optional.empty()),
                        new Expectations(Optional.of(200), item, List.of("$.stock"), Map.of(), Optional.of(800L)),
                        Map.of()))));
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("$.total", BigInteger.ZERO);
        save(amy, shop, new ScenarioSpec("Search: an empty query finds nothing", "", List.of("smoke", "search"),
                Optional.of("Catalogue"), false, false, Optional.empty(), List.of(
                new ScenarioStep("Search for nothing", new RequestSpec("GET", "${baseUrl}/api/search?q=", Map.of(),
                        Optional.empty()), new Expectations(Optional.of(200), none, List.of(), Map.of(),
                        Optional.empty()), Map.of()))));
        save(amy, shop, new ScenarioSpec("Orders: anonymous access is refused", "Orders need a signed-in buyer.",
                List.of("security"), Optional.of("Checkout"), false, true, Optional.empty(), List.of(
                new ScenarioStep("List orders without a token", new RequestSpec("GET", "${baseUrl}/api/orders",
                        Map.of(), Optional.empty()), new Expectations(Optional.of(403), Map.of(), List.of(), Map.of(),
                        Optional.empty()), Map.of()))));
        save(amy, shop, new ScenarioSpec("Checkout: place and cancel an order", "", List.of("checkout"),
                Optional.of("Checkout"), true, false, Optional.of("admin"), List.of(
                new ScenarioStep("Place an order", new RequestSpec("POST", "${baseUrl}/api/orders",
                        Map.of("Content-Type", "application/json"), Optional.of("{\"items\": [{\"id\": 42, \"qty\": 1}]}")),
                        new Expectations(Optional.of(201), Map.of(), List.of("$.id"), Map.of(), Optional.empty()),
                        Map.of("orderId", "$.id")),
                new ScenarioStep("Cancel it", new RequestSpec("DELETE", "${baseUrl}/api/orders/${orderId}", Map.of(),
                        Optional.empty()), new Expectations(Optional.of(204), Map.of(), List.of(), Map.of(),
                        Optional.empty()), Map.of()))));
        amy.scenarios().run(shop, local.name().value(), Selection.names(List.of("Search: an empty query finds nothing",
                "Orders: anonymous access is refused")), false, RunListener.NONE, new CancelSignal());
    }

    private static void save(Workspace amy, Project shop, ScenarioSpec spec) {
        amy.scenarios().save(shop, Optional.empty(), spec);
    }

    static void walk(FxApp app, Path out, String theme) throws Exception {
        if (!ScreenshotTour.wanted("scenarios") && !ScreenshotTour.wanted("findings")) {
            return;
        }
        ScreenshotTour.go(app, "/p/shop-web/scenarios");
        app.waitFor(20, "scenarios", () -> app.visible("scenario-name") && app.visible("scenarios-list"));
        press(app, KeyCode.CONTROL, KeyCode.DIGIT4);
        app.waitFor(10, "the Local environment", () -> "Local".equals(app.text("run-environment")));
        app.fx(() -> {
            ListView<Scenario> list = app.node("scenarios-list");
            list.getItems().stream().filter(s -> s.name().equals(CATALOGUE)).findFirst()
                    .ifPresent(s -> list.getSelectionModel().clearAndSelect(list.getItems().indexOf(s)));
        });
        app.waitFor(10, "the catalogue scenario", () -> CATALOGUE.equals(app.text("scenario-name")));
        press(app, KeyCode.CONTROL, KeyCode.ENTER);
        app.waitFor(30, "the run", () -> app.text("run-summary").startsWith("Failed on Local"));
        app.fx(() -> {
            ListView<?> steps = app.node("steps-list");
            steps.getSelectionModel().select(1);
            app.<TabPane>node("step-tabs").getSelectionModel().select(1);
        });
        Thread.sleep(600);
        ScreenshotTour.shot(app, out, "scenarios-" + theme);
        ScreenshotTour.small(app, out, "scenarios-" + theme);
        ScreenshotTour.go(app, "/p/shop-web/findings");
        app.waitFor(20, "findings", () -> app.visible("findings-table"));
        Thread.sleep(600);
        ScreenshotTour.shot(app, out, "findings-" + theme);
        ScreenshotTour.small(app, out, "findings-" + theme);
        press(app, KeyCode.CONTROL, KeyCode.DIGIT2); // Staging again, for the next theme's pictures
        Thread.sleep(500);
    }

    private static void press(FxApp app, KeyCode... keys) {
        app.robot().press(keys);
        for (int i = keys.length - 1; i >= 0; i--) {
            app.robot().release(keys[i]);
        }
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }
}
