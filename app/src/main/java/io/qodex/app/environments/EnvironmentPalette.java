package io.qodex.app.environments;

import io.qodex.app.common.ActiveEnvironment;
import atlantafx.base.theme.Styles;
import io.qodex.app.common.FuzzyMatch;
import io.qodex.domain.environment.EnvironmentSummary;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** Ctrl+E: every environment of the project with a filter; Enter makes the chosen one active. */
public final class EnvironmentPalette extends StackPane {

    private final ActiveEnvironment model;
    private final TextField query = new TextField();
    private final ListView<EnvironmentSummary> results = new ListView<>();

    public EnvironmentPalette(ActiveEnvironment model) {
        this.model = model;
        setId("environment-palette");
        setStyle("-fx-background-color: rgba(0,0,0,0.25);");
        setVisible(false);
        setOnMouseClicked(event -> {
            if (event.getTarget() == this) {
                close();
            }
        });
        query.setId("environment-palette-query");
        query.setPromptText("Switch environment…  (Ctrl+1..9 for the first nine)");
        query.textProperty().addListener((obs, old, text) -> filter(text));
        query.setOnKeyPressed(event -> {
            switch (event.getCode()) {
                case DOWN -> {
                    results.getSelectionModel().selectNext();
                    event.consume();
                }
                case UP -> {
                    results.getSelectionModel().selectPrevious();
                    event.consume();
                }
                case ENTER -> {
                    go();
                    event.consume();
                }
                case ESCAPE -> {
                    close();
                    event.consume();
                }
                case E -> {
                    if (event.isShortcutDown()) {
                        model.next();
                        close();
                        event.consume();
                    }
                }
                default -> { }
            }
        });
        results.setPrefHeight(300);
        results.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(EnvironmentSummary environment, boolean empty) {
                super.updateItem(environment, empty);
                if (empty || environment == null) {
                    setGraphic(null);
                    return;
                }
                Label name = new Label(environment.name().value());
                HBox.setHgrow(name, Priority.ALWAYS);
                name.setMaxWidth(Double.MAX_VALUE);
                Label mark = EnvironmentBadges.markLabel(environment);
                Label constraints = new Label(environment.constraints().describe());
                constraints.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                HBox row = new HBox(8, EnvironmentBadges.swatch(environment), name, mark, constraints);
                row.setAlignment(Pos.CENTER_LEFT);
                setGraphic(row);
            }
        });
        results.setOnMouseClicked(event -> {
            if (event.getClickCount() == 2) {
                go();
            }
        });
        Label hint = new Label("Enter to switch · Ctrl+E again for the next one · Esc to close");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox palette = new VBox(query, results, hint);
        palette.getStyleClass().add("palette");
        palette.setMaxWidth(520);
        palette.setMaxHeight(VBox.USE_PREF_SIZE);
        StackPane.setAlignment(palette, Pos.TOP_CENTER);
        StackPane.setMargin(palette, new Insets(70, 0, 0, 0));
        getChildren().add(palette);
    }

    public void open() {
        if (model.project().isEmpty()) {
            return;
        }
        query.clear();
        filter("");
        setVisible(true);
        query.requestFocus();
    }

    public void close() {
        setVisible(false);
    }

    private void filter(String text) {
        record Scored(EnvironmentSummary environment, int score) {
        }
        List<EnvironmentSummary> matches = model.environments().stream()
                .map(e -> {
                    OptionalInt score = FuzzyMatch.score(text, e.name().value() + " " + e.preset().label() + " "
                            + EnvironmentBadges.mark(e));
                    return score.isPresent() ? new Scored(e, score.getAsInt()) : null;
                })
                .filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparingInt(Scored::score).reversed())
                .map(Scored::environment)
                .toList();
        results.getItems().setAll(text.isBlank() ? model.environments() : matches);
        EnvironmentSummary active = model.activeProperty().get();
        if (active != null && text.isBlank()) {
            results.getItems().stream().filter(e -> e.id() == active.id()).findFirst()
                    .ifPresentOrElse(e -> results.getSelectionModel().select(e), () -> results.getSelectionModel().selectFirst());
        } else {
            results.getSelectionModel().selectFirst();
        }
    }

    private void go() {
        EnvironmentSummary chosen = results.getSelectionModel().getSelectedItem();
        if (chosen != null) {
            close();
            model.choose(chosen);
        }
    }
}
