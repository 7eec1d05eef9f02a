package io.qodex.app.spend;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.FileDialogs;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Notices;
import io.qodex.app.common.Page;
import io.qodex.app.common.Tables;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.domain.live.Change;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.CapReport;
import io.qodex.domain.llm.Durations;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.WindowStatus;
import io.qodex.domain.spend.CallEntry;
import io.qodex.domain.spend.Dimension;
import io.qodex.domain.spend.SpendRow;
import io.qodex.domain.spend.SpendSeries;
import io.qodex.domain.spend.UsageTotals;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;

/**
 * {@code /p/{slug}/spend}: where LLM money goes. Tiles separate platform-funded spend (capped) from BYOK and the
 * Codex pool (exempt); the two rolling-window gauges say when headroom returns; charts show cost per day stacked by
 * model or funding and the breakdowns by source, user and model (and project, org-wide); the table lists the calls
 * behind them with the same filters, and "Export CSV" writes exactly those calls.
 */
public final class SpendView implements SectionView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");
    /** Breakdown charts show this many bars; the rest is added up as "other". */
    static final int TOP = 8;

    private final SectionContext context;
    private final SpendViewModel model;
    private final ScrollPane root;
    private final Label totalAmount = amount("spend-total");
    private final Label totalDetail = detail();
    private final Label platformAmount = amount("spend-platform");
    private final Label platformDetail = detail();
    private final Label byokAmount = amount("spend-byok");
    private final Label byokDetail = detail();
    private final Label poolAmount = amount("spend-codex-pool");
    private final Label poolDetail = detail();
    private final HBox gauges = new HBox(14);
    private final Gauge fiveHour = new Gauge("5h", "5-hour window");
    private final Gauge weekly = new Gauge("7d", "7-day window");
    private final Label orgGaugeNote = new Label("Caps are per project: open a project's spend to see its 5-hour "
            + "and 7-day gauges.");
    private final StackedBarChart<String, Number> daily;
    private final BarChart<Number, String> bySource = breakdownChart("spend-chart-source", "By source");
    private final BarChart<Number, String> byUser = breakdownChart("spend-chart-user", "By user");
    private final BarChart<Number, String> byModel = breakdownChart("spend-chart-model", "By model");
    private final BarChart<Number, String> byProject = breakdownChart("spend-chart-project", "By project");
    private final ComboBox<String> modelFilter = new ComboBox<>();
    private final ComboBox<String> sourceFilter = new ComboBox<>();
    private final ComboBox<SpendRow> projectFilter = new ComboBox<>();
    private final TableColumn<CallEntry, String> projectColumn = new TableColumn<>("Project");

    public SpendView(SectionContext context) {
        this.context = context;
        this.model = new SpendViewModel(context.workspace(), context.project());

        CategoryAxis days = new CategoryAxis();
        NumberAxis usd = new NumberAxis();
        usd.setLabel("USD");
        usd.setTickLabelFormatter(new NumberAxis.DefaultFormatter(usd, "$", null));
        daily = new StackedBarChart<>(days, usd);
        daily.setId("spend-chart-daily");
        daily.setAnimated(false);
        daily.setLegendVisible(true);
        daily.setCategoryGap(4);
        daily.setMinHeight(280);
        daily.setPrefHeight(300);

        Label message = Notices.bound("spend-message", model.messageProperty(), Styles.SUCCESS);
        Label error = Notices.bound("spend-error", model.errorProperty(), Styles.DANGER);

        HBox header = Page.header("Spend", subtitle());
        if (header.lookup(".page-subtitle") instanceof Label sub) {
            sub.textProperty().bind(javafx.beans.binding.Bindings.when(model.organizationProperty())
                    .then("LLM calls of every project of the organization, broken down per project. Caps are per "
                            + "project; BYOK and Codex pool calls are exempt but shown.")
                    .otherwise(subtitle()));
        }
        VBox content = new VBox(14, header, toolbar(), filters(), message, error, tiles(), gaugeRow(), charts(),
                callsTable());
        content.setPadding(new Insets(0, 12, 12, 0));
        root = new ScrollPane(content);
        root.setId("spend-scroll");
        root.setFitToWidth(true);
        root.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);

        model.overviewProperty().addListener((obs, old, now) -> {
            if (now != null) {
                show(now);
            }
        });
        model.reload();
    }

    private String subtitle() {
        return "LLM calls of " + context.project().name() + ": cost, who pays, and the rolling caps on "
                + "platform-funded calls. BYOK and Codex pool calls are exempt from the caps but shown here.";
    }

    /** Scope (org admins), range, and on the right: progress, refresh, export. */
    private Node toolbar() {
        List<Node> actions = new ArrayList<>();
        if (model.orgAdmin()) {
            ToggleGroup scope = new ToggleGroup();
            ToggleButton projectScope = new ToggleButton("This project");
            projectScope.setId("spend-scope-project");
            projectScope.setToggleGroup(scope);
            projectScope.setSelected(true);
            projectScope.getStyleClass().add(Styles.LEFT_PILL);
            ToggleButton orgScope = new ToggleButton("Organization");
            orgScope.setId("spend-scope-org");
            orgScope.setToggleGroup(scope);
            orgScope.getStyleClass().add(Styles.RIGHT_PILL);
            orgScope.setTooltip(new Tooltip("Every project of the organization, broken down per project (org admins)"));
            scope.selectedToggleProperty().addListener((obs, old, now) -> {
                if (now == null) {
                    old.setSelected(true); // one of the two is always chosen
                } else {
                    model.organizationProperty().set(now == orgScope);
                }
            });
            projectScope.setMinWidth(Region.USE_PREF_SIZE);
            orgScope.setMinWidth(Region.USE_PREF_SIZE);
            actions.add(new HBox(projectScope, orgScope));
        }
        ComboBox<SpendViewModel.Range> range = new ComboBox<>();
        range.setId("spend-range");
        range.getItems().setAll(SpendViewModel.Range.values());
        range.setConverter(converter(SpendViewModel.Range::label));
        range.valueProperty().bindBidirectional(model.rangeProperty());
        range.setTooltip(new Tooltip("Time range (whole UTC days, today included)"));

        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.loadingProperty());
        Button refresh = Icons.button(Feather.REFRESH_CW, "Refresh (F5)");
        refresh.setId("spend-refresh");
        refresh.setOnAction(e -> model.reload());
        Button export = new Button("Export CSV", Icons.of(Feather.DOWNLOAD));
        export.setId("spend-export");
        export.setTooltip(new Tooltip("Every call that matches the filters, as CSV (not only the page shown)"));
        export.disableProperty().bind(model.exportingProperty());
        export.setOnAction(e -> FileDialogs.saveAs(root.getScene().getWindow(), "Export calls", model.exportName(),
                "CSV", "*.csv").ifPresent(model::exportCsv));
        range.setMinWidth(Region.USE_PREF_SIZE);
        export.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        actions.add(range);
        actions.add(gap);
        if (model.orgAdmin()) {
            Button organization = new Button("Platform key & prices", Icons.of(Feather.BRIEFCASE));
            organization.setId("spend-organization");
            organization.setTooltip(new Tooltip("The organization's platform key and LLM price table (org admins)"));
            organization.setMinWidth(Region.USE_PREF_SIZE);
            organization.setOnAction(e -> OrganizationDialog.show(organization, context.workspace()));
            actions.add(organization);
        }
        actions.add(busy);
        actions.add(refresh);
        actions.add(export);
        HBox toolbar = new HBox(8, actions.toArray(Node[]::new));
        toolbar.setAlignment(Pos.CENTER_LEFT);
        return toolbar;
    }

    // ------------------------------------------------------------------ tiles and gauges

    private Node tiles() {
        HBox tiles = new HBox(14, tile("Total", Feather.DOLLAR_SIGN, totalAmount, totalDetail),
                tile("Platform-funded", Feather.SHIELD, platformAmount, platformDetail),
                tile("BYOK", Feather.KEY, byokAmount, byokDetail),
                tile("Codex pool", Feather.LAYERS, poolAmount, poolDetail));
        tiles.getChildren().forEach(tile -> HBox.setHgrow(tile, Priority.ALWAYS));
        return tiles;
    }

    private static VBox tile(String title, Feather icon, Label amount, Label detail) {
        Label heading = new Label(title, Icons.of(icon, 14));
        heading.getStyleClass().add(Styles.TEXT_MUTED);
        VBox tile = new VBox(4, heading, amount, detail);
        tile.getStyleClass().addAll("card", "spend-tile");
        tile.setMaxWidth(Double.MAX_VALUE);
        tile.setPrefWidth(200);
        return tile;
    }

    private static Label amount(String id) {
        Label label = new Label("…");
        label.setId(id);
        label.getStyleClass().addAll(Styles.TITLE_3, "spend-amount");
        return label;
    }

    private static Label detail() {
        Label label = new Label("");
        label.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        label.setWrapText(true);
        return label;
    }

    private Node gaugeRow() {
        orgGaugeNote.getStyleClass().add(Styles.TEXT_MUTED);
        orgGaugeNote.setVisible(false);
        orgGaugeNote.setManaged(false);
        HBox.setHgrow(fiveHour.box, Priority.ALWAYS);
        HBox.setHgrow(weekly.box, Priority.ALWAYS);
        gauges.getChildren().setAll(fiveHour.box, weekly.box);
        if (model.orgAdmin()) {
            Button edit = Icons.button(Feather.EDIT_2, "Change this project's caps (organization admins)");
            edit.setId("spend-edit-caps");
            edit.setOnAction(e -> {
                SpendViewModel.Overview shown = model.overviewProperty().get();
                if (shown != null && shown.caps().isPresent()) {
                    CapsDialog.show(edit, context.workspace(), context.project(), shown.caps().get().caps(), model::reload);
                }
            });
            gauges.getChildren().add(edit);
        }
        return new VBox(8, gauges, orgGaugeNote);
    }

    /** One rolling window: used of cap, the bar, and when headroom returns. */
    private static final class Gauge {
        final VBox box;
        final Label title;
        final ProgressBar bar = new ProgressBar(0);
        final Label figures = new Label("…");
        final Label when = new Label("");

        Gauge(String code, String name) {
            title = new Label(name + " cap (platform-funded)", Icons.of(Feather.CLOCK, 14));
            title.getStyleClass().add(Styles.TEXT_BOLD);
            bar.setId("gauge-" + code);
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.setPrefHeight(12);
            figures.setId("gauge-" + code + "-text");
            when.setId("gauge-" + code + "-when");
            when.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            when.setWrapText(true);
            box = new VBox(6, title, bar, figures, when);
            box.getStyleClass().add("card");
            box.setMaxWidth(Double.MAX_VALUE);
        }

        void show(WindowStatus status) {
            double share = status.cap().isZero() ? 1 : Math.min(1, status.basisPoints() / 10_000.0);
            bar.setProgress(share);
            bar.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER);
            bar.getStyleClass().add(status.exhausted() ? Styles.DANGER : status.warning() ? Styles.WARNING : Styles.SUCCESS);
            figures.setText(status.used().display() + " of " + status.cap().display() + " used (" + status.percent()
                    + ")" + (status.exhausted() ? " — calls are refused" : status.warning() ? " — nearly full" : ""));
            if (status.exhausted()) {
                when.setText("Headroom returns in " + Durations.human(status.headroomReturnsIn())
                        + " as older usage leaves the window.");
            } else {
                when.setText(status.headroom().display() + " of headroom" + status.nextRelease()
                        .filter(release -> release.amount().isPositive())
                        .map(release -> "; " + release.amount().display() + " more returns in "
                                + Durations.human(release.in()) + ".")
                        .orElse(". Nothing used in this window."));
            }
        }
    }

    // ------------------------------------------------------------------ filters

    private Node filters() {
        modelFilter.setId("spend-filter-model");
        bindFilter(modelFilter, model.modelProperty(), "All models");
        sourceFilter.setId("spend-filter-source");
        bindFilter(sourceFilter, model.sourceProperty(), "All sources");
        ComboBox<CallOutcome> outcome = new ComboBox<>();
        outcome.setId("spend-filter-outcome");
        outcome.getItems().add(null);
        outcome.getItems().addAll(CallOutcome.values());
        outcome.setConverter(converter(o -> o == null ? "All outcomes" : o.code()));
        outcome.setButtonCell(new NullableCell<>(o -> o == null ? "All outcomes" : o.code()));
        outcome.setCellFactory(list -> new NullableCell<>(o -> o == null ? "All outcomes" : o.code()));
        outcome.valueProperty().bindBidirectional(model.outcomeProperty());
        ComboBox<Funding> funding = new ComboBox<>();
        funding.setId("spend-filter-funding");
        funding.getItems().add(null);
        funding.getItems().addAll(Funding.values());
        funding.setConverter(converter(f -> f == null ? "All funding" : fundingLabel(f)));
        funding.setButtonCell(new NullableCell<>(f -> f == null ? "All funding" : fundingLabel(f)));
        funding.setCellFactory(list -> new NullableCell<>(f -> f == null ? "All funding" : fundingLabel(f)));
        funding.valueProperty().bindBidirectional(model.fundingProperty());
        projectFilter.setId("spend-filter-project");
        projectFilter.setConverter(converter(row -> row == null ? "All projects" : row.label()));
        projectFilter.setButtonCell(new NullableCell<>(row -> row == null ? "All projects" : row.label()));
        projectFilter.setCellFactory(list -> new NullableCell<>(row -> row == null ? "All projects" : row.label()));
        projectFilter.valueProperty().bindBidirectional(model.projectFilterProperty());
        projectFilter.visibleProperty().bind(model.organizationProperty());
        projectFilter.managedProperty().bind(projectFilter.visibleProperty());
        Button clear = new Button("Clear filters", Icons.of(Feather.X));
        clear.setId("spend-filter-clear");
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> model.clearFilters());
        Label label = new Label("Filter", Icons.of(Feather.FILTER, 14));
        label.getStyleClass().add(Styles.TEXT_MUTED);
        HBox row = new HBox(8, label, projectFilter, modelFilter, sourceFilter, outcome, funding, clear);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static void bindFilter(ComboBox<String> box, ObjectProperty<@Nullable String> property, String all) {
        box.getItems().add(null);
        box.setConverter(converter(value -> value == null ? all : value));
        box.setButtonCell(new NullableCell<>(value -> value == null ? all : value));
        box.setCellFactory(list -> new NullableCell<>(value -> value == null ? all : value));
        box.valueProperty().bindBidirectional(property);
    }

    /** Keeps the choices of a filter in step with the range's values, without losing the one chosen. */
    private static <T> void offer(ComboBox<T> box, List<T> values) {
        T chosen = box.getValue();
        List<@Nullable T> items = new ArrayList<>();
        items.add(null);
        items.addAll(values);
        if (chosen != null && !values.contains(chosen)) {
            items.add(chosen);
        }
        if (!items.equals(box.getItems())) {
            box.getItems().setAll(items);
            box.setValue(chosen);
        }
    }

    /** The organization's projects; the chosen one is matched by id (its totals change with the range). */
    private void offerProjects(List<SpendRow> projects) {
        SpendRow chosen = projectFilter.getValue();
        SpendRow current = chosen == null ? null : projects.stream().filter(row -> row.key().equals(chosen.key()))
                .findFirst().orElse(chosen);
        List<@Nullable SpendRow> items = new ArrayList<>();
        items.add(null);
        items.addAll(projects);
        if (current != null && !projects.contains(current)) {
            items.add(current);
        }
        if (!items.equals(projectFilter.getItems())) {
            projectFilter.getItems().setAll(items);
        }
        projectFilter.setValue(current);
    }

    // ------------------------------------------------------------------ charts

    private Node charts() {
        ComboBox<Dimension> stack = new ComboBox<>();
        stack.setId("spend-stack-by");
        stack.getItems().setAll(Dimension.MODEL, Dimension.FUNDING);
        model.organizationProperty().addListener((obs, old, org) -> {
            if (org) {
                stack.getItems().setAll(Dimension.MODEL, Dimension.FUNDING, Dimension.PROJECT);
            } else {
                stack.getItems().setAll(Dimension.MODEL, Dimension.FUNDING);
            }
            stack.setValue(model.stackByProperty().get());
        });
        stack.setConverter(converter(d -> d == null ? "" : "by " + d.code()));
        // not a bidirectional binding: replacing the items clears the box's value for a moment, and a null
        // dimension must never reach the model (its reload would fail)
        stack.setValue(model.stackByProperty().get());
        stack.valueProperty().addListener((obs, old, chosen) -> {
            if (chosen != null) {
                model.stackByProperty().set(chosen);
            }
        });
        model.stackByProperty().addListener((obs, old, now) -> stack.setValue(now));
        Label title = new Label("Cost per day (UTC)");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(8, title, gap, new Label("Stacked"), stack);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox dailyCard = new VBox(6, head, daily);
        dailyCard.getStyleClass().add("card");

        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(14);
        grid.add(card(bySource), 0, 0);
        grid.add(card(byUser), 1, 0);
        grid.add(card(byModel), 2, 0);
        Node projectCard = card(byProject);
        projectCard.visibleProperty().bind(model.organizationProperty());
        projectCard.managedProperty().bind(projectCard.visibleProperty());
        grid.add(projectCard, 0, 1, 3, 1);
        for (int i = 0; i < 3; i++) {
            javafx.scene.layout.ColumnConstraints column = new javafx.scene.layout.ColumnConstraints();
            column.setPercentWidth(100 / 3.0);
            column.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(column);
        }
        return new VBox(14, dailyCard, grid);
    }

    private static Node card(BarChart<Number, String> chart) {
        VBox box = new VBox(chart);
        box.getStyleClass().add("card");
        box.setPadding(new Insets(8));
        return box;
    }

    private static BarChart<Number, String> breakdownChart(String id, String title) {
        NumberAxis usd = new NumberAxis();
        usd.setTickLabelFormatter(new NumberAxis.DefaultFormatter(usd, "$", null));
        usd.setForceZeroInRange(true);
        CategoryAxis names = new CategoryAxis();
        BarChart<Number, String> chart = new BarChart<>(usd, names);
        chart.setId(id);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setCategoryGap(6);
        chart.setMinHeight(220);
        chart.setPrefHeight(240);
        return chart;
    }

    private void show(SpendViewModel.Overview overview) {
        totalAmount.setText(overview.total().cost().display());
        totalDetail.setText(calls(overview.total()));
        showTile(overview, Funding.PLATFORM, platformAmount, platformDetail, "counts against the caps");
        showTile(overview, Funding.BYOK, byokAmount, byokDetail, "billed to the project's own key; no cap");
        showTile(overview, Funding.CODEX_POOL, poolAmount, poolDetail, "no cap");

        boolean org = overview.caps().isEmpty();
        gauges.setVisible(!org);
        gauges.setManaged(!org);
        orgGaugeNote.setVisible(org);
        orgGaugeNote.setManaged(org);
        overview.caps().ifPresent(this::showCaps);

        model.withoutReload(() -> {
            offer(modelFilter, overview.models());
            offer(sourceFilter, overview.sources());
            offerProjects(overview.projects());
        });
        projectColumn.setVisible(org);

        showSeries(overview.series());
        showBreakdown(bySource, overview.bySource());
        showBreakdown(byUser, overview.byUser());
        showBreakdown(byModel, overview.byModel());
        showBreakdown(byProject, overview.byProject());
    }

    private static void showTile(SpendViewModel.Overview overview, Funding funding, Label amount, Label detail,
                                 String note) {
        UsageTotals totals = overview.byFunding().getOrDefault(funding, UsageTotals.NONE);
        amount.setText(totals.cost().display());
        detail.setText(calls(totals) + " · " + note);
    }

    private void showCaps(CapReport report) {
        fiveHour.show(report.fiveHour());
        weekly.show(report.weekly());
    }

    private static String calls(UsageTotals totals) {
        return String.format("%,d call%s · %,d in / %,d out tokens", totals.calls(), totals.calls() == 1 ? "" : "s",
                totals.inputTokens(), totals.outputTokens());
    }

    private void showSeries(SpendSeries series) {
        List<String> categories = new ArrayList<>();
        for (LocalDate day : series.days()) {
            categories.add(DAY.format(day));
        }
        List<SpendSeries.Line> lines = series.lines();
        List<XYChart.Series<String, Number>> shown = new ArrayList<>();
        int keep = lines.size() <= 7 ? lines.size() : 6;
        for (int i = 0; i < keep; i++) {
            shown.add(dailySeries(lines.get(i).label(), categories, lines.get(i).costPerDay()));
        }
        if (keep < lines.size()) {
            List<Money> other = new ArrayList<>();
            for (int d = 0; d < categories.size(); d++) {
                Money sum = Money.ZERO;
                for (int i = keep; i < lines.size(); i++) {
                    sum = sum.plus(lines.get(i).costPerDay().get(d));
                }
                other.add(sum);
            }
            shown.add(dailySeries("other (" + (lines.size() - keep) + ")", categories, other));
        }
        ((CategoryAxis) daily.getXAxis()).setCategories(javafx.collections.FXCollections.observableArrayList(categories));
        daily.getData().setAll(shown);
        daily.setTitle(shown.isEmpty() ? "No LLM calls in this range" : null);
    }

    private static XYChart.Series<String, Number> dailySeries(String name, List<String> days, List<Money> costs) {
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        series.setName(name);
        for (int d = 0; d < days.size(); d++) {
            XYChart.Data<String, Number> point = new XYChart.Data<>(days.get(d), costs.get(d).usd().doubleValue());
            tooltip(point, name + " · " + days.get(d) + ": " + costs.get(d).display());
            series.getData().add(point);
        }
        return series;
    }

    private static void showBreakdown(BarChart<Number, String> chart, List<SpendRow> rows) {
        XYChart.Series<Number, String> series = new XYChart.Series<>();
        int keep = rows.size() <= TOP ? rows.size() : TOP - 1;
        List<String> categories = new ArrayList<>();
        // the largest on top: a category axis draws its first category at the bottom
        for (int i = keep - 1; i >= 0; i--) {
            SpendRow row = rows.get(i);
            String name = unique(categories, row.label());
            categories.add(name);
            XYChart.Data<Number, String> bar = new XYChart.Data<>(row.totals().cost().usd().doubleValue(), name);
            tooltip(bar, name + ": " + row.totals().cost().display() + " · " + calls(row.totals()));
            series.getData().add(bar);
        }
        if (keep < rows.size()) {
            UsageTotals rest = UsageTotals.NONE;
            for (int i = keep; i < rows.size(); i++) {
                rest = rest.plus(rows.get(i).totals());
            }
            String name = "other (" + (rows.size() - keep) + ")";
            categories.add(0, name);
            XYChart.Data<Number, String> bar = new XYChart.Data<>(rest.cost().usd().doubleValue(), name);
            tooltip(bar, name + ": " + rest.cost().display());
            series.getData().add(0, bar);
        }
        // bars of a readable thickness however many there are (one bar would otherwise fill the whole chart)
        chart.setCategoryGap(Math.max(6, 170.0 / Math.max(1, categories.size()) - 26));
        // the axis takes its categories from the data (set explicitly, this axis drops its tick labels)
        chart.getData().setAll(List.of(series));
    }

    private static String unique(List<String> taken, String label) {
        String name = label.isBlank() ? "(none)" : label;
        String candidate = name;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = name + " (" + n + ")";
        }
        return candidate;
    }

    private static <X, Y> void tooltip(XYChart.Data<X, Y> point, String text) {
        point.nodeProperty().addListener((obs, old, node) -> {
            if (node != null) {
                Tooltip.install(node, new Tooltip(text));
            }
        });
    }

    // ------------------------------------------------------------------ table of calls

    private Node callsTable() {
        TableView<CallEntry> table = new TableView<>(model.calls());
        table.setId("spend-calls");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No calls match the range and filters."));
        table.setPrefHeight(420);
        table.setMinHeight(260);

        projectColumn.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().project()));
        projectColumn.setVisible(false);
        projectColumn.setPrefWidth(110);
        table.getColumns().setAll(List.of(
                Tables.text("Time", 126, call -> TIME.format(call.at())),
                projectColumn,
                Tables.text("User", 128, CallEntry::user),
                Tables.text("Model", 94, CallEntry::model),
                Tables.text("Source", 100, CallEntry::source),
                Tables.text("Funding", 80, call -> call.funding().code()),
                outcomeColumn(),
                Tables.text("Tokens", 98, call -> String.format("%,d / %,d", call.tokens().input(),
                        call.tokens().output())),
                Tables.text("Latency", 76, call -> String.format("%,d ms", call.latencyMillis())),
                Tables.text("Cost", 92, call -> call.cost().display())));
        table.setTooltip(new Tooltip("Times are local; tokens are input / output"));

        Label page = new Label();
        page.setId("spend-page");
        page.textProperty().bind(model.pageLabelProperty());
        Button previous = Icons.button(Feather.CHEVRON_LEFT, "Newer calls");
        previous.setId("spend-previous");
        previous.disableProperty().bind(model.hasPreviousProperty().not());
        previous.setOnAction(e -> model.previousPage());
        Button next = Icons.button(Feather.CHEVRON_RIGHT, "Older calls");
        next.setId("spend-next");
        next.disableProperty().bind(model.hasNextProperty().not());
        next.setOnAction(e -> model.nextPage());
        Label title = new Label("Calls");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(8, title, gap, page, previous, next);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, head, table);
        box.getStyleClass().add("card");
        return box;
    }

    private static TableColumn<CallEntry, CallEntry> outcomeColumn() {
        TableColumn<CallEntry, CallEntry> column = new TableColumn<>("Outcome");
        column.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        column.setPrefWidth(96);
        column.setMinWidth(90);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(CallEntry call, boolean empty) {
                super.updateItem(call, empty);
                getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER);
                if (empty || call == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(call.outcome().code());
                getStyleClass().add(call.outcome() == CallOutcome.OK ? Styles.SUCCESS
                        : call.outcome() == CallOutcome.CANCELLED ? Styles.WARNING : Styles.DANGER);
                setTooltip(call.error().map(Tooltip::new).orElse(null));
            }
        });
        return column;
    }

    // ------------------------------------------------------------------ helpers

    static String fundingLabel(Funding funding) {
        return switch (funding) {
            case PLATFORM -> "platform-funded";
            case BYOK -> "BYOK";
            case CODEX_POOL -> "Codex pool";
        };
    }

    private static <T> StringConverter<T> converter(Function<@Nullable T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(@Nullable T value) {
                return label.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("choices are picked, not typed");
            }
        };
    }

    /** A combo box's button that shows the "all" text for the empty choice too. */
    private static final class NullableCell<T> extends javafx.scene.control.ListCell<T> {
        private final Function<@Nullable T, String> label;

        NullableCell(Function<@Nullable T, String> label) {
            this.label = label;
        }

        @Override
        protected void updateItem(@Nullable T item, boolean empty) {
            super.updateItem(item, empty);
            setText(label.apply(empty ? null : item));
        }
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        model.reload();
    }

    @Override
    public void changed(Change change) {
        if (change.touches(context.project().id(), "project_caps")) {
            model.reload();
        }
    }
}
