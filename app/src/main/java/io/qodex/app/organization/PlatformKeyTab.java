package io.qodex.app.organization;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** The platform key tab: the stored key (last four only), a new key to validate and save, and removing it. */
final class PlatformKeyTab {

    private PlatformKeyTab() {
    }

    static Node create(PlatformKeyViewModel model) {
        Label keyState = new Label();
        keyState.setId("org-key-state");
        keyState.setWrapText(true);
        keyState.textProperty().bind(model.stateProperty());
        Label keyMessage = FeedbackLine.bound("org-key-message", model.feedbackProperty());
        PasswordField key = new PasswordField();
        key.setId("org-key");
        key.setPromptText("sk-…");
        key.textProperty().bindBidirectional(model.keyProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(model.busyProperty());
        Button save = new Button("Validate and save", Icons.of(Feather.SHIELD));
        save.setId("org-key-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(model.canSaveProperty().not());
        save.setOnAction(e -> model.save());
        key.setOnAction(e -> save.fire());
        Button removeKey = new Button("Remove platform key", Icons.of(Feather.TRASH_2));
        removeKey.setId("org-key-remove");
        removeKey.getStyleClass().add(Styles.DANGER);
        removeKey.visibleProperty().bind(model.storedProperty());
        removeKey.setOnAction(e -> {
            if (Dialogs.confirm(removeKey, "Remove the platform key", "Projects without a key of their own can no "
                    + "longer call an LLM until a new platform key is set.", "Remove key")) {
                model.remove();
            }
        });
        Label note = new Label("Projects without a BYOK key use this key (platform-funded, within their caps). It is "
                + "checked with OpenAI first and stored encrypted with the organization key.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox actions = new HBox(10, save, busy);
        actions.setAlignment(Pos.CENTER_LEFT);
        // a refused key is reported in the message line below the actions, never under the field
        VBox box = new VBox(12, keyState, removeKey, new FormField("New platform key (OpenAI)", key,
                new SimpleStringProperty("")), actions, keyMessage, note);
        box.setStyle("-fx-padding: 14 4 4 4;");
        return box;
    }
}
