package io.qodex.app.environments;

import atlantafx.base.controls.ToggleSwitch;
import io.qodex.app.common.Icons;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;

/**
 * One variable in the Variables tab: name, value (or secret), "Secret", reveal, remove. Rows are made once per
 * position and then show whichever {@link VariableRowModel} is at that position, so switching environments reuses
 * them: only texts and states change.
 */
final class VariableRow extends HBox {

    private final TextField name = new TextField();
    private final TextField plainValue = new TextField();
    private final PasswordField secretValue = new PasswordField();
    private final ToggleSwitch secret = new ToggleSwitch("Secret");
    private final Label revealed = new Label();
    private final Button reveal = Icons.button(Feather.EYE, "Reveal the stored value (members only)");
    private final Button remove = Icons.button(Feather.TRASH_2, "Remove the variable");
    private final InlineError nameError = new InlineError();
    private final InlineError valueError = new InlineError();
    private @Nullable VariableRowModel shown;

    VariableRow(int index, boolean canEdit) {
        super(8);
        name.setId("env-var-name-" + index);
        name.setPromptText("NAME");
        plainValue.setId("env-var-value-" + index);
        secretValue.setId("env-var-secret-" + index);
        secret.setId("env-var-secret-toggle-" + index);
        reveal.setId("env-var-reveal-" + index);
        for (Node input : List.of(name, plainValue, secretValue, secret, remove)) {
            input.setDisable(!canEdit);
        }
        HBox.setHgrow(plainValue, Priority.ALWAYS);
        HBox.setHgrow(secretValue, Priority.ALWAYS);
        plainValue.visibleProperty().bind(secret.selectedProperty().not());
        plainValue.managedProperty().bind(plainValue.visibleProperty());
        secretValue.visibleProperty().bind(secret.selectedProperty());
        secretValue.managedProperty().bind(secretValue.visibleProperty());
        revealed.getStyleClass().add("masked");
        reveal.managedProperty().bind(reveal.visibleProperty());
        reveal.setOnAction(e -> {
            if (shown != null) {
                shown.toggleReveal();
            }
        });
        remove.setOnAction(e -> {
            if (shown != null) {
                shown.remove();
            }
        });
        VBox nameBox = new VBox(2, name, nameError);
        nameBox.setPrefWidth(200);
        VBox valueBox = new VBox(2, new HBox(6, plainValue, secretValue), revealed, valueError);
        HBox.setHgrow(valueBox, Priority.ALWAYS);
        getChildren().addAll(nameBox, valueBox, secret, reveal, remove);
        setAlignment(Pos.TOP_LEFT);
    }

    void focusName() {
        name.requestFocus();
    }

    /** Shows a row's model (or none: the row is hidden until a later environment has that many variables). */
    void show(@Nullable VariableRowModel row) {
        if (row == shown) {
            return;
        }
        if (shown != null) {
            name.textProperty().unbindBidirectional(shown.name());
            plainValue.textProperty().unbindBidirectional(shown.plainValue());
            secretValue.textProperty().unbindBidirectional(shown.secretValue());
            secret.selectedProperty().unbindBidirectional(shown.secret());
        }
        shown = row;
        setVisible(row != null);
        setManaged(row != null);
        if (row == null) {
            for (javafx.beans.property.Property<?> bound : List.of(secretValue.promptTextProperty(),
                    reveal.visibleProperty(), revealed.textProperty(), nameError.textProperty(),
                    valueError.textProperty())) {
                bound.unbind();
            }
            return;
        }
        name.textProperty().bindBidirectional(row.name());
        plainValue.textProperty().bindBidirectional(row.plainValue());
        secretValue.textProperty().bindBidirectional(row.secretValue());
        secret.selectedProperty().bindBidirectional(row.secret());
        secretValue.promptTextProperty().bind(Bindings.when(row.storedSecret())
                .then("•••• stored (type to replace)").otherwise("secret value"));
        reveal.visibleProperty().bind(row.storedSecret());
        revealed.textProperty().bind(row.revealed());
        nameError.follow(row.nameProblem());
        valueError.follow(row.valueProblem());
    }
}
