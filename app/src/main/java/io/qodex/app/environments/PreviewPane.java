package io.qodex.app.environments;

import atlantafx.base.theme.Styles;
import io.qodex.domain.environment.Preview;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The Preview tab: the resolved values, one line each ({@code ${NAME}} and its value or why it does not resolve).
 * Lines are made once and refilled for the next preview; lines beyond the current count are hidden, not removed.
 */
final class PreviewPane extends VBox {

    private final PreviewModel model;
    private final GridPane grid = new GridPane();
    private final List<Line> made = new ArrayList<>();

    /** One line's labels: {@code ${NAME}} and the value (or the problem). */
    private record Line(Label name, Label value) {
    }

    PreviewPane(PreviewModel model) {
        this.model = model;
        ComboBox<String> profile = new ComboBox<>(model.profileChoices());
        profile.setId("env-preview-profile");
        profile.setPromptText("no profile");
        profile.valueProperty().addListener((obs, old, now) -> model.choose(now));
        grid.setId("env-preview");
        grid.setHgap(16);
        grid.setVgap(4);
        grid.getStyleClass().add("key-value-grid");
        Label note = new Label("Resolved values as tests will see them; secrets are masked.");
        note.getStyleClass().add(Styles.TEXT_MUTED);
        getChildren().add(Card.titled("Preview", new VBox(10, note, new HBox(8, new Label("With profile"), profile),
                grid)));
        model.lines().addListener((ListChangeListener<Preview.Line>) change -> showLines());
        showLines();
    }

    private void showLines() {
        List<Preview.Line> lines = model.lines();
        while (made.size() < lines.size()) {
            Label name = new Label();
            name.getStyleClass().addAll("key", "masked");
            Label value = new Label();
            value.getStyleClass().add("masked");
            value.setWrapText(true);
            grid.addRow(made.size(), name, value);
            made.add(new Line(name, value));
        }
        for (int i = 0; i < made.size(); i++) {
            Label name = made.get(i).name();
            Label value = made.get(i).value();
            boolean shown = i < lines.size();
            for (Label label : List.of(name, value)) {
                label.setVisible(shown);
                label.setManaged(shown);
            }
            if (shown) {
                Preview.Line line = lines.get(i);
                name.setText("${" + line.name() + "}");
                value.setText(line.problem().orElse(line.value()));
                String style = line.problem().isPresent() ? "field-error" : "masked";
                if (!value.getStyleClass().contains(style)) {
                    value.getStyleClass().removeAll("field-error", "masked");
                    value.getStyleClass().add(style);
                }
            }
        }
    }
}
