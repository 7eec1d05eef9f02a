package io.qodex.app.spend;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Workspace;
import io.qodex.app.shell.TestHooks;
import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.FxFailures;
import io.qodex.app.testing.LlmWorld;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.CapReport;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.TokenUsage;
import io.qodex.domain.llm.UsageRecord;
import io.qodex.domain.llm.UsageSource;
import io.qodex.domain.spend.CallEntry;
import io.qodex.domain.spend.Dimension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spend view against known usage rows in a real PostgreSQL: tiles, charts and gauges show the seeded data;
 * a filter changes the table and the charts; paging walks the calls; the CSV export holds exactly the filtered
 * calls.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FxFailures.class)
class SpendFlowIT {

    private static final String[] MODELS = {"gpt-4o-mini", "gpt-4o", "gpt-4.1"};
    private static final String[] SOURCES = {"assistant", "cli-ask", "scenario-run"};
    private static final List<UsageRecord> ROWS = new ArrayList<>();
    private static LlmWorld world;
    private static FxApp app;

    @TempDir
    static Path exports;

    @BeforeAll
    static void start() throws Exception {
        world = LlmWorld.start(Map.of()).withOrganization();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Workspace max = world.signIn("max")) {
            long plat = max.projects().bySlug("plat").id();
            long userId = max.account().userId();
            for (int i = 0; i < 120; i++) {
                CallOutcome outcome = i % 10 == 9 ? CallOutcome.ERROR : CallOutcome.OK;
                UsageRecord row = new UsageRecord(UUID.randomUUID(), plat, userId, LlmProvider.OPENAI, MODELS[i % 3],
                        new UsageSource(SOURCES[(i / 3) % 3]), Funding.PLATFORM,
                        new TokenUsage(outcome == CallOutcome.OK ? 1_000 + i : 0, outcome == CallOutcome.OK ? 200 : 0, 0),
                        Duration.ofMillis(300 + i), outcome, Money.ofMicros(outcome == CallOutcome.OK ? 1_000 + 37L * i : 0),
                        outcome == CallOutcome.OK ? Optional.empty() : Optional.of("The server had an error."),
                        now.minus(Duration.ofMinutes(37L * i)));
                ROWS.add(row);
            }
        }
        world.importUsage(ROWS); // known times and costs, as a DBA imports them (clients cannot set either)
        openSpendAs("max");
        app.waitFor(60, "the spend page", () -> app.visible("spend-calls") && app.text("spend-page").contains("of 120"));
    }

    /** Starts the window on /p/plat/spend and signs in. */
    private static void openSpendAs(String user) throws Exception {
        app = FxApp.start(world.environment, "--open", "/p/plat/spend");
        app.waitFor(60, "sign-in", () -> app.visible("signin-password"));
        app.type("signin-email", user + "@example.com");
        app.type("signin-password", LlmWorld.PASSWORD);
        app.click("signin-submit");
    }

    @AfterAll
    static void stop() throws Exception {
        TestHooks.saveAs(null);
        app.stop();
        world.close();
    }

    @Test
    @Order(1)
    void tilesChartsAndGaugesShowTheSeededUsage() throws Exception {
        Money total = ROWS.stream().map(UsageRecord::cost).reduce(Money.ZERO, Money::plus);
        app.waitFor(30, "the totals", () -> total.display().equals(app.text("spend-platform")));
        assertThat(app.text("spend-total")).isEqualTo(total.display());
        assertThat(app.text("spend-byok")).isEqualTo("$0");
        assertThat(dailySeries()).containsExactlyInAnyOrder(MODELS);
        assertThat(dailyTotal()).isCloseTo(total.usd().doubleValue(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(bars("spend-chart-model")).hasSize(3);
        assertThat(bars("spend-chart-source")).hasSize(3);
        assertThat(bars("spend-chart-user")).containsExactly("max@example.com");
        try (Workspace max = world.signIn("max")) {
            CapReport caps = max.llm().caps().report(max.projects().bySlug("plat"));
            assertThat(app.text("gauge-5h-text")).startsWith(caps.fiveHour().used().display() + " of "
                    + caps.fiveHour().cap().display() + " used (" + caps.fiveHour().percent() + ")");
            assertThat(app.text("gauge-7d-text")).startsWith(caps.weekly().used().display() + " of "
                    + caps.weekly().cap().display() + " used (" + caps.weekly().percent() + ")");
        }
        assertThat(app.text("gauge-7d-when")).isNotBlank();
    }

    @Test
    @Order(2)
    void pagingWalksEveryCallNewestFirst() {
        assertThat(app.text("spend-page")).isEqualTo("Calls 1–50 of 120");
        List<CallEntry> first = shownCalls();
        assertThat(first).hasSize(50);
        assertThat(first.get(0).callId()).isEqualTo(ROWS.get(0).callId());
        app.click("spend-next");
        app.waitFor(20, "page two", () -> "Calls 51–100 of 120".equals(app.text("spend-page")));
        assertThat(shownCalls().get(0).callId()).isEqualTo(ROWS.get(50).callId());
        app.click("spend-next");
        app.waitFor(20, "page three", () -> "Calls 101–120 of 120".equals(app.text("spend-page")));
        app.click("spend-previous");
        app.waitFor(20, "page two again", () -> "Calls 51–100 of 120".equals(app.text("spend-page")));
    }

    @Test
    @Order(3)
    void aFilterChangesTheTableAndTheChartsAndTheCsvHoldsExactlyTheFilteredCalls() throws Exception {
        List<UsageRecord> expected = ROWS.stream().filter(r -> r.model().equals("gpt-4o")).toList();
        Money expectedCost = expected.stream().map(UsageRecord::cost).reduce(Money.ZERO, Money::plus);
        ComboBox<String> models = app.node("spend-filter-model");
        app.fx(() -> models.setValue("gpt-4o"));
        app.waitFor(20, "the filtered table", () -> ("Calls 1–40 of 40").equals(app.text("spend-page"))
                && expectedCost.display().equals(app.text("spend-total")));
        assertThat(shownCalls()).extracting(CallEntry::model).containsOnly("gpt-4o");
        assertThat(shownCalls()).extracting(CallEntry::callId)
                .containsExactlyElementsOf(expected.stream().map(UsageRecord::callId).toList());
        assertThat(dailySeries()).containsExactly("gpt-4o");
        assertThat(bars("spend-chart-model")).containsExactly("gpt-4o");

        ComboBox<CallOutcome> outcomes = app.node("spend-filter-outcome");
        app.fx(() -> outcomes.setValue(CallOutcome.ERROR));
        long errors = expected.stream().filter(r -> r.outcome() == CallOutcome.ERROR).count();
        app.waitFor(20, "errors only", () -> ("Calls 1–" + errors + " of " + errors).equals(app.text("spend-page")));
        app.fx(() -> outcomes.setValue(null));
        app.waitFor(20, "all outcomes again", () -> "Calls 1–40 of 40".equals(app.text("spend-page")));

        TestHooks.saveAs(exports::resolve);
        app.click("spend-export");
        app.waitFor(30, "the export", () -> app.text("spend-message").startsWith("Exported 40 calls"));
        Path file;
        try (var files = Files.list(exports)) {
            file = files.filter(p -> p.getFileName().toString().startsWith("qodex-calls-plat-")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(41);
        Set<String> exported = lines.stream().skip(1).map(line -> line.split(",")[1]).collect(Collectors.toSet());
        Set<String> table = shownCalls().stream().map(c -> c.callId().toString()).collect(Collectors.toSet());
        assertThat(exported).isEqualTo(table);

        app.click("spend-filter-clear");
        app.waitFor(20, "unfiltered", () -> "Calls 1–50 of 120".equals(app.text("spend-page")));
        assertThat(dailySeries()).hasSize(3);
    }

    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void anOrganizationAdminSeesEveryProjectBrokenDownPerProject() throws Exception {
        app.stop();
        openSpendAs("ada");
        app.waitFor(60, "the spend page", () -> app.visible("spend-scope-org") && app.text("spend-page").contains("of 120"));
        assertThat(app.visible("spend-filter-project")).isFalse();
        // an org admin changes the project's caps from the gauges; a bad amount is named and cannot be saved
        app.click("spend-edit-caps");
        app.waitFor(10, "the caps dialog", () -> app.visible("caps-five-hour"));
        app.type("caps-five-hour", "ten");
        app.waitFor(5, "the amount error", () -> app.node("caps-save").isDisabled());
        app.type("caps-five-hour", "12.5");
        app.type("caps-weekly", "80");
        app.click("caps-save");
        app.waitFor(20, "the new caps", () -> app.text("gauge-5h-text").contains(" of $12.50 used")
                && app.text("gauge-7d-text").contains(" of $80.00 used"));
        // and the organization's platform key and prices
        app.click("spend-organization");
        app.waitFor(10, "the organization dialog", () -> app.visible("org-key-state")
                && app.text("org-key-state").contains("••••••••" + LlmWorld.PLATFORM_KEY.substring(LlmWorld.PLATFORM_KEY.length() - 4)));
        assertThat(app.text("org-key-state")).doesNotContain(LlmWorld.PLATFORM_KEY);
        app.fx(() -> ((javafx.scene.control.TabPane) app.node("org-tabs")).getSelectionModel().select(2));
        app.waitFor(10, "the prices", () -> app.visible("org-prices")
                && !((TableView<?>) app.node("org-prices")).getItems().isEmpty());
        app.type("org-price-model", "gpt-test");
        app.type("org-price-input", "1.5");
        app.type("org-price-output", "six");
        app.click("org-price-save");
        app.waitFor(10, "the price refusal", () -> app.text("org-price-message").contains("\"six\" is not a price"));
        app.type("org-price-output", "6");
        app.click("org-price-save");
        app.waitFor(20, "the new price", () -> app.text("org-price-message").startsWith("gpt-test: input $1.50, output $6.00")
                && ((TableView<io.qodex.domain.llm.ModelPrice>) app.node("org-prices")).getItems().stream()
                .anyMatch(p -> p.model().equals("gpt-test")));
        app.robot().type(javafx.scene.input.KeyCode.ESCAPE);
        app.waitFor(10, "the dialog closed", () -> app.absent("org-tabs"));
        app.click("spend-scope-org");
        Money total = ROWS.stream().map(UsageRecord::cost).reduce(Money.ZERO, Money::plus);
        // the organization also has the BYOK key check of "own" (free)
        app.waitFor(30, "the organization's spend", () -> app.text("spend-page").contains("of 121")
                && total.display().equals(app.text("spend-total")));
        assertThat(bars("spend-chart-project")).containsExactlyInAnyOrder("plat", "own");
        assertThat(app.read(() -> app.<ComboBox<Dimension>>node("spend-stack-by").getValue()))
                .as("the chart's stacking survives the switch to the organization").isEqualTo(Dimension.MODEL);
        assertThat(app.visible("spend-filter-project")).isTrue();
        assertThat(app.visible("gauge-5h")).isFalse();
        ComboBox<io.qodex.domain.spend.SpendRow> projects = app.node("spend-filter-project");
        app.fx(() -> projects.setValue(projects.getItems().stream()
                .filter(row -> row != null && row.label().equals("own")).findFirst().orElseThrow()));
        app.waitFor(20, "one project", () -> "Calls 1–1 of 1".equals(app.text("spend-page")));
        assertThat(shownCalls()).extracting(CallEntry::source).containsExactly("byok-validate");
        // a key check is free and never "billed to the project's own key"
        assertThat(app.text("spend-byok-detail")).isEqualTo("No billed calls · 1 key check (not billed)");
        assertThat(app.text("spend-total-detail")).isEqualTo("No billed calls · 1 key check (not billed)");
        // another range keeps the chosen project (its totals change, its identity does not)
        ComboBox<SpendViewModel.Range> range = app.node("spend-range");
        app.fx(() -> range.setValue(SpendViewModel.Range.WEEK));
        app.waitFor(20, "the week", () -> "Calls 1–1 of 1".equals(app.text("spend-page"))
                && "own".equals(app.onFx(() -> projects.getValue() == null ? "" : projects.getValue().label())));
        assertThat(app.onFx(() -> projects.getItems().stream().filter(row -> row != null && row.label().equals("own"))
                .count())).isEqualTo(1L);
    }

    @Test
    @Order(5)
    void backFromTheOrganizationTheProjectKeepsItsStackingAndItsGauges() throws Exception {
        ComboBox<io.qodex.domain.spend.Dimension> stack = app.node("spend-stack-by");
        assertThat(app.onFx(stack::getValue)).isEqualTo(io.qodex.domain.spend.Dimension.MODEL);
        app.click("spend-scope-project");
        app.waitFor(30, "the project's spend", () -> app.visible("gauge-5h") && !app.visible("spend-filter-project")
                && app.text("spend-page").startsWith("Calls 1–"));
        assertThat(app.onFx(stack::getValue)).isEqualTo(io.qodex.domain.spend.Dimension.MODEL);
        assertThat(app.onFx(() -> List.copyOf(stack.getItems()))).containsExactly(io.qodex.domain.spend.Dimension.MODEL,
                io.qodex.domain.spend.Dimension.FUNDING);
        assertThat(app.text("spend-error")).isEmpty();
        assertThat(dailySeries()).containsExactlyInAnyOrder(MODELS);
    }

    @Test
    @Order(6)
    void aCallRefusedBeforeSendingIsNamedApartAndNeverCountsAgainstTheCaps() throws Exception {
        UsageRecord billed = ROWS.get(0);
        UsageRecord refused = new UsageRecord(UUID.randomUUID(), billed.projectId(), billed.userId(), LlmProvider.OPENAI,
                "gpt-4o-mini", UsageSource.ASSISTANT, Funding.PLATFORM, TokenUsage.NONE, Duration.ZERO,
                CallOutcome.REFUSED, Money.ZERO, Optional.of("No key for this project."), Instant.now());
        world.importUsage(List.of(refused));
        app.robot().type(javafx.scene.input.KeyCode.F5);
        app.waitFor(30, "the refused call", () -> app.text("spend-page").contains("of 121"));
        assertThat(app.text("spend-platform-detail")).isEqualTo("120 calls · "
                + String.format("%,d in / %,d out tokens", ROWS.stream().mapToLong(r -> r.tokens().input()).sum(),
                ROWS.stream().mapToLong(r -> r.tokens().output()).sum())
                + " · counts against the caps · 1 refused before sending (not billed)");
        assertThat(app.text("spend-byok-detail")).isEqualTo("No billed calls");
    }

    @Test
    @Order(7)
    void aWindowOf1024By700ShowsTheWholePageWithoutCuttingAButton() {
        app.atSize(1024, 700, SpendFlowIT::wholePage);
    }

    private static void wholePage() {
        javafx.scene.control.ScrollPane scroll = app.node("spend-scroll");
        app.waitFor(10, "the page laid out to the window's width", () -> app.read(() ->
                scroll.getContent().getLayoutBounds().getWidth() <= scroll.getViewportBounds().getWidth() + 0.5));
        for (String id : List.of("spend-export", "spend-refresh", "spend-filter-clear", "spend-range", "spend-edit-caps",
                "spend-filter-model", "spend-filter-funding")) {
            javafx.scene.control.Control control = app.node(id);
            assertThat(app.read(() -> control.getWidth() >= control.prefWidth(-1) - 0.5)).as(id + " at full width")
                    .isTrue();
        }
        for (String id : List.of("spend-export", "spend-filter-clear")) {
            javafx.scene.control.Labeled labeled = app.node(id);
            assertThat(app.read(() -> ((javafx.scene.text.Text) labeled.lookup(".text")).getText()))
                    .as(id + " not cut").isEqualTo(app.read(labeled::getText));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<CallEntry> shownCalls() {
        return app.read(() -> {
            TableView<CallEntry> table = app.node("spend-calls");
            return List.copyOf(table.getItems());
        });
    }

    private static List<String> dailySeries() throws Exception {
        return app.onFx(() -> {
            StackedBarChart<String, Number> chart = app.node("spend-chart-daily");
            return chart.getData().stream().map(XYChart.Series::getName).toList();
        });
    }

    private static double dailyTotal() throws Exception {
        return app.onFx(() -> {
            StackedBarChart<String, Number> chart = app.node("spend-chart-daily");
            return chart.getData().stream().flatMap(s -> s.getData().stream())
                    .mapToDouble(d -> d.getYValue().doubleValue()).sum();
        });
    }

    private static List<String> bars(String id) throws Exception {
        return app.onFx(() -> {
            BarChart<Number, String> chart = app.node(id);
            return chart.getData().get(0).getData().stream().map(XYChart.Data::getYValue).toList();
        });
    }
}
