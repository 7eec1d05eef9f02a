package io.qodex.app.findings;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.EmptyState;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Notices;
import io.qodex.app.common.Page;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.app.common.Tables;
import io.qodex.domain.live.Change;
import io.qodex.domain.scenario.Finding;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * {@code /p/{slug}/findings}: what the scenario runs found, newest first (when, scenario, step, title, expected,
 * actual, severity, status, by), with the excerpt of the selected one below. With none yet it says where they come
 * from and leads to Scenarios.
 */
public final class FindingsView implements SectionView {

    private final SectionContext context;
    private final FindingsViewModel model;
    private final VBox root;
    private final StackPane body = new StackPane();
    private final SplitPane split;

    public FindingsView(SectionContext context) {
        this.context = context;
        this.model = new FindingsViewModel(context.workspace(), context.project(), context.shell());
        TableView<Finding> table = new TableView<>(model.findings());
        table.setId("findings-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Finding, String> severity = fixed(Tables.text("Severity", 80, Finding::severity));
        severity.setCellFactory(column -> new SeverityCell());
        TableColumn<Finding, String> title = whole(Tables.text("Title", 240, Finding::title));
        TableColumn<Finding, String> by = whole(Tables.text("By", 130, Finding::by));
        // a narrow window leaves out the title (the excerpt below says it) and the author first: the scenario and
        // the step keep room to be read
        title.visibleProperty().bind(table.widthProperty().greaterThan(1000));
        by.visibleProperty().bind(table.widthProperty().greaterThan(880));
        table.getColumns().setAll(List.of(
                fixed(Tables.text("When", 142, FindingsViewModel::when)),
                whole(Tables.text("Scenario", 140, f -> f.scenario().orElse(""))),
                whole(Tables.text("Step", 110, f -> f.step().orElse(""))),
                title,
                atLeast(Tables.text("Expected", 96, Finding::expected), 84),
                atLeast(Tables.text("Actual", 90, Finding::actual), 70),
                severity,
                fixed(Tables.text("Status", 64, Finding::status)),
                by));
        TextArea excerpt = new TextArea();
        excerpt.setId("findings-excerpt");
        excerpt.setEditable(false);
        excerpt.setWrapText(true);
        excerpt.getStyleClass().add("code");
        excerpt.setPromptText("Select a finding to see what was expected, what came back and the response excerpt.");
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) ->
                excerpt.setText(now == null ? "" : FindingsViewModel.details(now)));
        model.findings().addListener((javafx.collections.ListChangeListener<Finding>) change -> {
            if (table.getSelectionModel().getSelectedItem() == null && !model.findings().isEmpty()) {
                table.getSelectionModel().select(0);
            }
            show();
        });
        Label excerptTitle = new Label("EXCERPT");
        excerptTitle.getStyleClass().add("pane-title");
        VBox.setVgrow(excerpt, Priority.ALWAYS);
        VBox below = new VBox(4, excerptTitle, excerpt);
        split = new SplitPane(table, below);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        VBox.setVgrow(body, Priority.ALWAYS);
        Label error = Notices.bound("findings-error", model.errorProperty(), Styles.DANGER);
        root = new VBox(12, Page.header("Findings", "Failed expectations of " + context.project().name()
                + "'s scenario runs, newest first. Masked as the runs stored them."), error, body);
        model.loadedProperty().addListener((obs, old, now) -> show());
        show();
        model.load();
    }

    private void show() {
        if (!model.loadedProperty().get()) {
            body.getChildren().setAll(new Label("Loading the findings…"));
        } else if (model.findings().isEmpty()) {
            Button open = new Button("Open Scenarios", Icons.of(Feather.PLAY_CIRCLE));
            open.setId("findings-open-scenarios");
            open.getStyleClass().add(Styles.ACCENT);
            open.setOnAction(e -> model.openScenarios());
            body.getChildren().setAll(new EmptyState(Feather.FLAG, "No findings yet", "A finding is recorded when a "
                    + "step of a scenario run fails an expectation (or cannot run): what was expected, what came "
                    + "back, and the response. Run scenarios on the Scenarios page.", open));
        } else if (body.getChildren().size() != 1 || body.getChildren().get(0) != split) {
            body.getChildren().setAll(split);
        }
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        model.load();
    }

    @Override
    public void changed(Change change) {
        if (change.touches(context.project().id(), "findings")) {
            model.load();
        }
    }

    /** A column that keeps its width (short values: dates, severities). */
    private static TableColumn<Finding, String> fixed(TableColumn<Finding, String> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }

    /** A column that gives way first; what it cuts is whole in the cell's tooltip. */
    private static TableColumn<Finding, String> whole(TableColumn<Finding, String> column) {
        column.setMinWidth(60);
        column.setCellFactory(c -> new WholeTextCell());
        return column;
    }

    private static TableColumn<Finding, String> atLeast(TableColumn<Finding, String> column, double width) {
        whole(column).setMinWidth(width);
        return column;
    }

    /** A long value is cut in the cell and whole in its tooltip. */
    private static final class WholeTextCell extends TableCell<Finding, String> {
        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            setText(empty ? null : text);
            setTooltip(empty || text == null ? null : new Tooltip(text));
        }
    }

    private static final class SeverityCell extends TableCell<Finding, String> {
        @Override
        protected void updateItem(String severity, boolean empty) {
            super.updateItem(severity, empty);
            getStyleClass().removeAll("outcome-failed", "outcome-refused", "outcome-skipped");
            if (empty || severity == null) {
                setText(null);
                return;
            }
            setText(severity);
            getStyleClass().add(switch (severity.toLowerCase(Locale.ROOT)) {
                case "high", "critical" -> "outcome-failed";
                case "medium" -> "outcome-refused";
                default -> "outcome-skipped";
            });
        }
    }
}
