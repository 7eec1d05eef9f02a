package io.qodex.app.spend;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Tables;
import io.qodex.domain.spend.CallEntry;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** The calls behind the charts, a page at a time, newest first (organization-wide with their project). */
final class CallsTable extends VBox {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    CallsTable(SpendViewModel model) {
        super(6);
        CallPages pages = model.pages();
        TableView<CallEntry> table = new TableView<>(pages.calls());
        table.setId("spend-calls");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No calls match the range and filters."));
        table.setPrefHeight(420);
        table.setMinHeight(260);

        TableColumn<CallEntry, String> project = new TableColumn<>("Project");
        project.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().project()));
        project.setVisible(false);
        project.setPrefWidth(110);
        table.getColumns().setAll(List.of(
                Tables.text("Time", 126, call -> TIME.format(call.at())),
                project,
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
        model.overviewProperty().addListener((obs, old, now) -> {
            if (now != null) {
                project.setVisible(now.organizationWide());
            }
        });

        Label page = new Label();
        page.setId("spend-page");
        page.textProperty().bind(pages.pageLabelProperty());
        Button previous = Icons.button(Feather.CHEVRON_LEFT, "Newer calls");
        previous.setId("spend-previous");
        previous.disableProperty().bind(pages.hasPreviousProperty().not());
        previous.setOnAction(e -> model.previousPage());
        Button next = Icons.button(Feather.CHEVRON_RIGHT, "Older calls");
        next.setId("spend-next");
        next.disableProperty().bind(pages.hasNextProperty().not());
        next.setOnAction(e -> model.nextPage());
        Label title = new Label("Calls");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(8, title, gap, page, previous, next);
        head.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(head, table);
        getStyleClass().add("card");
    }

    private static TableColumn<CallEntry, CallEntry> outcomeColumn() {
        TableColumn<CallEntry, CallEntry> column = new TableColumn<>("Outcome");
        column.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        column.setPrefWidth(96);
        column.setMinWidth(90);
        column.setCellFactory(c -> new OutcomeCell());
        return column;
    }
}
