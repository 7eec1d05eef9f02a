package io.qodex.app.scenarios;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Tables;
import io.qodex.app.environments.EnvironmentBadges;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.scenario.Check;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitMenuButton;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;

/**
 * Runs and their results: the Run button (the scenario in the editor or the ones selected; its menu runs a tag, a
 * collection or all) with the active environment it goes to and what that allows, Stop while it runs, the steps as
 * they finish (outcome with icon and colour, status, latency), and for the selected step its failed checks (expected
 * against actual) and the request and response excerpts, masked by the domain.
 */
final class RunPane extends VBox {

    private final RunModel model;
    private final SplitMenuButton run = new SplitMenuButton();
    private final TableView<ResultRow> results = new TableView<>();
    private final Label explanation = new Label();
    private final TableView<Check> checks = new TableView<>();
    private final TextArea request = excerpt("run-request");
    private final TextArea response = excerpt("run-response");

    /** What the page does when Run (or one of its choices) is pressed. */
    interface Runs {
        void selected();

        void tag(String tag);

        void collection(String collection);

        void all();
    }

    RunPane(ScenariosViewModel page, Runs runs) {
        super(8);
        this.model = page.run();
        run.setId("run-button");
        run.setText("Run");
        run.setGraphic(Icons.of(Feather.PLAY));
        run.getStyleClass().add(Styles.SUCCESS);
        run.setTooltip(new Tooltip("Run the selected scenarios against the active environment (Ctrl+Enter)"));
        run.setOnAction(e -> runs.selected());
        run.setMinWidth(Region.USE_PREF_SIZE);
        run.setOnShowing(e -> fillMenu(page, runs));
        run.disableProperty().bind(Bindings.or(model.runningProperty(), page.environmentProperty().isNull()));
        Node runControl = run;
        if (!page.canEdit()) {
            run.disableProperty().unbind();
            run.setDisable(true);
            runControl = ScenariosView.explainDisabled(run, "scenarios-run-why", page.viewerReason("run scenarios"));
        }
        Button stop = new Button("Stop", Icons.of(Feather.SQUARE));
        stop.setId("run-stop");
        stop.getStyleClass().add(Styles.DANGER);
        stop.visibleProperty().bind(model.runningProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.setOnAction(e -> model.stop());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("run-progress");
        progress.setPrefSize(18, 18);
        progress.setMinSize(18, 18);
        progress.visibleProperty().bind(model.runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Label target = new Label();
        target.setId("run-environment");
        target.setMinWidth(0);
        Label constraints = new Label();
        constraints.setId("run-environment-constraints");
        constraints.getStyleClass().addAll("env-badge", Styles.TEXT_SMALL);
        constraints.setMinWidth(Region.USE_PREF_SIZE);
        Label mark = new Label();
        Region swatch = EnvironmentBadges.swatch();
        Runnable showTarget = () -> showTarget(page.environmentProperty().get(), target, constraints, mark, swatch);
        page.environmentProperty().addListener((obs, old, now) -> showTarget.run());
        showTarget.run();
        HBox environment = new HBox(6, new Label("against"), swatch, target, mark, constraints);
        environment.setAlignment(Pos.CENTER_LEFT);
        environment.setMinWidth(0);

        Label summary = new Label();
        summary.setId("run-summary");
        summary.setWrapText(true);
        summary.setMinWidth(0);
        Runnable paintSummary = () -> Outcomes.paint(summary, model.outcomeProperty().get(), model.summaryProperty().get());
        model.summaryProperty().addListener((obs, old, now) -> paintSummary.run());
        model.outcomeProperty().addListener((obs, old, now) -> paintSummary.run());
        paintSummary.run();
        HBox.setHgrow(summary, Priority.ALWAYS);
        summary.setMaxWidth(Double.MAX_VALUE);
        HBox bar = new HBox(10, runControl, stop, environment, progress, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        environment.setMinWidth(Region.USE_PREF_SIZE);

        Label warnings = io.qodex.app.common.Notices.bound("run-warnings", model.warningsProperty(), Styles.WARNING);

        results.setId("run-results");
        results.setItems(model.rows());
        results.setPlaceholder(new Label("Run a scenario to see each step's outcome here."));
        results.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ResultRow, String> number = Tables.text("#", 36, ResultRow::number);
        number.setMinWidth(34);
        number.setMaxWidth(44);
        TableColumn<ResultRow, ResultRow> outcome = new TableColumn<>("Outcome");
        outcome.setCellValueFactory(row -> new javafx.beans.property.ReadOnlyObjectWrapper<>(row.getValue()));
        outcome.setCellFactory(column -> new OutcomeCell());
        outcome.setPrefWidth(96);
        outcome.setMinWidth(92);
        TableColumn<ResultRow, String> status = Tables.text("Status", 66, ResultRow::status);
        status.setMinWidth(66);
        TableColumn<ResultRow, String> latency = Tables.text("Latency", 78, ResultRow::latency);
        latency.setMinWidth(78);
        TableColumn<ResultRow, String> scenario = Tables.text("Scenario", 120, ResultRow::scenario);
        // only a run of several scenarios needs to say whose step a row is
        scenario.visibleProperty().bind(Bindings.createBooleanBinding(() -> model.rows().stream()
                .map(ResultRow::scenario).distinct().count() > 1, model.rows()));
        TableColumn<ResultRow, String> step = Tables.text("Step", 130, ResultRow::step);
        step.setMinWidth(70);
        results.getColumns().setAll(List.of(number, step, outcome, status, latency, scenario));
        results.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> showDetails(now));
        model.rows().addListener((ListChangeListener<ResultRow>) change -> {
            ResultRow selected = results.getSelectionModel().getSelectedItem();
            if (selected == null && !model.runningProperty().get()) {
                selectFirstProblem();
            }
            showDetails(results.getSelectionModel().getSelectedItem());
        });
        model.runningProperty().addListener((obs, was, now) -> {
            if (!now) {
                selectFirstProblem();
            }
        });

        explanation.setId("run-explanation");
        explanation.setWrapText(true);
        explanation.setMinHeight(Region.USE_PREF_SIZE);
        checks.setId("run-checks");
        checks.setPlaceholder(new Label("No checks."));
        checks.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Check, Check> held = new TableColumn<>("");
        held.setCellValueFactory(row -> new javafx.beans.property.ReadOnlyObjectWrapper<>(row.getValue()));
        held.setCellFactory(column -> new HeldCell());
        held.setPrefWidth(30);
        held.setMaxWidth(34);
        checks.getColumns().setAll(List.of(held, whole(Tables.text("Check", 110, Check::what)),
                whole(Tables.text("Expected", 90, Check::expected)), whole(Tables.text("Actual", 90, Check::actual))));
        checks.setMinHeight(60);
        VBox.setVgrow(checks, Priority.ALWAYS);
        VBox details = new VBox(4, explanation, checks);
        details.setId("run-details");
        details.setMinWidth(0);
        javafx.scene.control.TabPane excerpts = new javafx.scene.control.TabPane(
                new javafx.scene.control.Tab("Response", response), new javafx.scene.control.Tab("Request", request));
        excerpts.setId("run-excerpts");
        excerpts.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        excerpts.setMinWidth(0);
        SplitPane body = new SplitPane(results, details, excerpts);
        body.setOrientation(Orientation.HORIZONTAL);
        body.setDividerPositions(0.38, 0.72);
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(bar, warnings, body);
        showDetails(null);
    }

    private void fillMenu(ScenariosViewModel page, Runs runs) {
        run.getItems().clear();
        javafx.scene.control.MenuItem selected = new javafx.scene.control.MenuItem("Run the selected scenarios");
        selected.setOnAction(e -> runs.selected());
        run.getItems().add(selected);
        if (!page.tags().isEmpty()) {
            run.getItems().add(new javafx.scene.control.SeparatorMenuItem());
            for (String tag : page.tags()) {
                javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem("Run every scenario tagged " + tag);
                item.setOnAction(e -> runs.tag(tag));
                run.getItems().add(item);
            }
        }
        if (!page.collections().isEmpty()) {
            run.getItems().add(new javafx.scene.control.SeparatorMenuItem());
            for (String collection : page.collections()) {
                javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem("Run the collection " + collection);
                item.setOnAction(e -> runs.collection(collection));
                run.getItems().add(item);
            }
        }
        run.getItems().add(new javafx.scene.control.SeparatorMenuItem());
        javafx.scene.control.MenuItem all = new javafx.scene.control.MenuItem("Run all scenarios");
        all.setId("run-all");
        all.setOnAction(e -> runs.all());
        run.getItems().add(all);
    }

    private static void showTarget(@Nullable EnvironmentSummary environment, Label name, Label constraints,
                                   Label mark, Region swatch) {
        if (environment == null) {
            name.setText("no environment: create one under Environments");
            constraints.setVisible(false);
            mark.setVisible(false);
            mark.setManaged(false);
            swatch.setVisible(false);
            return;
        }
        name.setText(environment.name().value());
        EnvironmentBadges.paint(swatch, environment);
        swatch.setVisible(true);
        EnvironmentBadges.paintMark(mark, environment);
        EnvironmentBadges.markProduction(constraints, environment);
        constraints.setVisible(true);
        constraints.setText(EnvironmentBadges.shortConstraints(environment)
                + (environment.productionLike() ? " · production-like: asks first" : ""));
        constraints.setTooltip(new Tooltip(environment.constraints().describe()));
    }

    /** After a run: the first step that did not pass is shown, else the first. */
    private void selectFirstProblem() {
        if (model.rows().isEmpty()) {
            return;
        }
        for (ResultRow row : model.rows()) {
            if (!row.outcome().equals("PASSED") && !row.outcome().equals(ResultRow.RUNNING)) {
                results.getSelectionModel().select(row);
                return;
            }
        }
        if (results.getSelectionModel().getSelectedItem() == null) {
            results.getSelectionModel().select(0);
        }
    }

    private void showDetails(@Nullable ResultRow row) {
        if (row == null) {
            Outcomes.paint(explanation, "", model.rows().isEmpty() ? "" : "Select a step to see its checks and excerpts.");
            checks.getItems().clear();
            request.setText("");
            response.setText("");
            return;
        }
        Outcomes.paint(explanation, row.outcome(), (row.index() < 0 ? row.scenario() : "Step " + row.number() + " "
                + row.step()) + ": " + row.explanation());
        List<Check> shown = row.checks().stream().sorted((a, b) -> Boolean.compare(a.held(), b.held())).toList();
        checks.getItems().setAll(shown);
        request.setText(row.requestExcerpt().isEmpty() ? row.request() : row.requestExcerpt());
        response.setText(row.responseExcerpt());
    }

    private static TextArea excerpt(String id) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(true);
        area.getStyleClass().add("code");
        area.setPrefRowCount(5);
        return area;
    }

    /** A value cut in its cell is whole in the cell's tooltip. */
    private static <T> TableColumn<T, String> whole(TableColumn<T, String> column) {
        column.setMinWidth(60);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
            }
        });
        return column;
    }

    private static final class OutcomeCell extends TableCell<ResultRow, ResultRow> {
        private final Label label = new Label();

        @Override
        protected void updateItem(ResultRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            Outcomes.paint(label, row.outcome(), Outcomes.word(row.outcome()));
            setGraphic(label);
        }
    }

    private static final class HeldCell extends TableCell<Check, Check> {
        @Override
        protected void updateItem(Check check, boolean empty) {
            super.updateItem(check, empty);
            if (empty || check == null) {
                setGraphic(null);
                return;
            }
            Label mark = new Label();
            Outcomes.paint(mark, check.held() ? "PASSED" : "FAILED", "");
            mark.setTooltip(new Tooltip(check.held() ? "held" : "failed"));
            setGraphic(new StackPane(mark));
        }
    }
}
