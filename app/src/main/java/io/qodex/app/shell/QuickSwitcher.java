package io.qodex.app.shell;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.FuzzyMatch;
import io.qodex.app.common.Icons;
import io.qodex.domain.project.Project;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** Ctrl+K: a palette that fuzzy-matches projects and their sections; Enter goes there, Escape closes. */
final class QuickSwitcher extends StackPane {

    /** One destination. */
    record Entry(Project project, Section section) {
        String route() {
            return Route.of(project.slug().value(), section);
        }

        String title() {
            return section.label() + " — " + project.name();
        }

        String haystack() {
            return project.name() + " " + project.slug().value() + " " + section.label() + " " + route();
        }
    }

    private final MainViewModel model;
    private final TextField query = new TextField();
    private final ListView<Entry> results = new ListView<>();

    QuickSwitcher(MainViewModel model) {
        this.model = model;
        setId("quick-switcher");
        setStyle("-fx-background-color: rgba(0,0,0,0.25);");
        setVisible(false);
        setOnMouseClicked(event -> {
            if (event.getTarget() == this) {
                close();
            }
        });
        query.setId("quick-switcher-query");
        query.setPromptText("Go to a project or section…  (e.g. \"shop mem\")");
        query.textProperty().addListener((obs, old, text) -> filter(text));
        query.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.DOWN) {
                results.getSelectionModel().selectNext();
                results.scrollTo(results.getSelectionModel().getSelectedIndex());
                event.consume();
            } else if (event.getCode() == KeyCode.UP) {
                results.getSelectionModel().selectPrevious();
                results.scrollTo(results.getSelectionModel().getSelectedIndex());
                event.consume();
            } else if (event.getCode() == KeyCode.ENTER) {
                go();
                event.consume();
            } else if (event.getCode() == KeyCode.ESCAPE) {
                close();
                event.consume();
            }
        });
        results.setId("quick-switcher-results");
        results.setPrefHeight(320);
        results.setCellFactory(view -> new EntryCell());
        results.setOnMouseClicked(event -> {
            if (event.getClickCount() == 2) {
                go();
            }
        });
        Label hint = new Label("↑↓ to choose · Enter to go · Esc to close");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox palette = new VBox(query, results, hint);
        palette.getStyleClass().add("palette");
        palette.setMaxWidth(560);
        palette.setMaxHeight(VBox.USE_PREF_SIZE);
        StackPane.setAlignment(palette, Pos.TOP_CENTER);
        StackPane.setMargin(palette, new Insets(70, 0, 0, 0));
        getChildren().add(palette);
    }

    void open() {
        query.clear();
        filter("");
        setVisible(true);
        query.requestFocus();
    }

    void close() {
        setVisible(false);
    }

    private void filter(String text) {
        record Scored(Entry entry, int score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (Project project : model.projects()) {
            for (Section section : model.registry().sections()) {
                Entry entry = new Entry(project, section);
                OptionalInt score = FuzzyMatch.score(text, entry.haystack());
                if (score.isPresent()) {
                    scored.add(new Scored(entry, score.getAsInt()));
                }
            }
        }
        scored.sort(Comparator.comparingInt(Scored::score).reversed());
        results.getItems().setAll(scored.stream().limit(50).map(Scored::entry).toList());
        results.getSelectionModel().selectFirst();
    }

    private void go() {
        Entry chosen = results.getSelectionModel().getSelectedItem();
        if (chosen != null) {
            close();
            model.open(chosen.project(), chosen.section());
        }
    }

    private static final class EntryCell extends ListCell<Entry> {
        @Override
        protected void updateItem(Entry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setGraphic(null);
                return;
            }
            Label title = new Label(entry.title());
            Label route = new Label(entry.route());
            route.getStyleClass().add("palette-route");
            HBox.setHgrow(title, Priority.ALWAYS);
            title.setMaxWidth(Double.MAX_VALUE);
            HBox row = new HBox(10, Icons.of(entry.section().icon()), title, route);
            row.setAlignment(Pos.CENTER_LEFT);
            setGraphic(row);
        }
    }
}
