package io.qodex.app.scenarios;

import atlantafx.base.theme.Styles;
import io.qodex.domain.scenario.RunSummary;
import io.qodex.domain.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The project's scenarios: a text filter, a tag filter, and a list whose rows show the name, the tags, the collection
 * and how the last run ended (icon and colour). Several may be selected to run or export them together; Delete asks
 * to delete the one in the editor.
 */
final class ScenarioList extends VBox {

    private final ListView<Scenario> list = new ListView<>();
    private boolean syncing;

    ScenarioList(ScenariosViewModel model, Consumer<Scenario> chosen, Runnable delete) {
        super(8);
        TextField filter = new TextField();
        filter.setId("scenarios-filter");
        filter.setPromptText("Filter by name, tag, collection");
        filter.textProperty().bindBidirectional(model.textFilterProperty());
        ComboBox<String> tag = new ComboBox<>(model.tagChoices());
        tag.setId("scenarios-tag-filter");
        tag.valueProperty().bindBidirectional(model.tagFilterProperty());
        tag.setMaxWidth(Double.MAX_VALUE);
        tag.setTooltip(new Tooltip("Show only the scenarios with this tag"));

        list.setId("scenarios-list");
        list.setItems(model.shown());
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(view -> new ScenarioCell());
        list.setPlaceholder(new Label("No scenario matches the filter."));
        VBox.setVgrow(list, Priority.ALWAYS);
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (!syncing && now != null && list.getSelectionModel().getSelectedItems().size() == 1) {
                chosen.accept(now);
            }
        });
        list.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.DELETE) {
                delete.run();
                event.consume();
            }
        });
        model.storedProperty().addListener((obs, old, now) -> selectShown(model));
        model.shown().addListener((javafx.collections.ListChangeListener<Scenario>) change -> selectShown(model));
        getChildren().addAll(filter, tag, list);
        setMinWidth(180); // with the editor beside it, the page fits a 1024-wide window with the sidebar open
        setPrefWidth(270);
    }

    /** The row of the scenario in the editor is selected, without it counting as the user's choice. */
    void selectShown(ScenariosViewModel model) {
        Scenario shown = model.storedProperty().get();
        syncing = true;
        try {
            if (shown == null) {
                list.getSelectionModel().clearSelection();
                return;
            }
            List<Scenario> items = list.getItems();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).id() == shown.id()) {
                    if (!list.getSelectionModel().getSelectedIndices().contains(i)
                            || list.getSelectionModel().getSelectedItems().size() == 1) {
                        list.getSelectionModel().clearAndSelect(i);
                    }
                    return;
                }
            }
            list.getSelectionModel().clearSelection();
        } finally {
            syncing = false;
        }
    }

    /** The names selected, or the one in the editor. */
    List<String> selectedNames() {
        return list.getSelectionModel().getSelectedItems().stream().map(Scenario::name).toList();
    }

    /** "2 min ago", "3 h ago", "5 d ago". */
    static String ago(Instant when) {
        Duration age = Duration.between(when, Instant.now());
        if (age.toMinutes() < 1) {
            return "just now";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + " min ago";
        }
        if (age.toDays() < 1) {
            return age.toHours() + " h ago";
        }
        return age.toDays() + " d ago";
    }

    private static final class ScenarioCell extends ListCell<Scenario> {
        private final Label name = new Label();
        private final Label result = new Label();
        private final HBox tags = new HBox(4);
        private final Label collection = new Label();
        private final VBox box;

        ScenarioCell() {
            name.getStyleClass().add("scenario-cell-name");
            name.setMinWidth(0);
            HBox.setHgrow(name, Priority.ALWAYS);
            name.setMaxWidth(Double.MAX_VALUE);
            result.getStyleClass().add(Styles.TEXT_SMALL);
            result.setMinWidth(Region.USE_PREF_SIZE);
            collection.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            collection.setMinWidth(0);
            HBox second = new HBox(6, result, collection);
            second.setAlignment(Pos.CENTER_LEFT);
            tags.setMinWidth(0); // chips keep their width; the last ones are cut at the list's edge
            box = new VBox(3, name, second, tags);
            setPrefWidth(0); // the list's width, not the text's: long names end in "…"
        }

        @Override
        protected void updateItem(Scenario scenario, boolean empty) {
            super.updateItem(scenario, empty);
            if (empty || scenario == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            name.setText(scenario.name());
            RunSummary last = scenario.lastRun().orElse(null);
            if (last == null) {
                Outcomes.paint(result, "", "never run");
                result.getStyleClass().add(Styles.TEXT_MUTED);
            } else {
                result.getStyleClass().remove(Styles.TEXT_MUTED);
                Outcomes.paint(result, last.status().name(), Outcomes.word(last.status().name()) + " · "
                        + ago(last.finishedAt()));
            }
            tags.getChildren().setAll(scenario.spec().tags().stream().map(t -> {
                Label chip = new Label(t);
                chip.getStyleClass().add("scenario-tag");
                chip.setMinWidth(Region.USE_PREF_SIZE);
                return chip;
            }).toList());
            String steps = scenario.spec().steps().size() + (scenario.spec().steps().size() == 1 ? " step" : " steps");
            collection.setText("· " + scenario.spec().collection().map(c -> c + " · " + steps).orElse(steps));
            tags.setVisible(!scenario.spec().tags().isEmpty());
            tags.setManaged(tags.isVisible());
            setTooltip(last == null ? null : new Tooltip("Last run on " + last.environment() + " by " + last.by()
                    + ": " + last.summary()));
            setText(null);
            setGraphic(box);
        }
    }
}
