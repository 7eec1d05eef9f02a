package io.qodex.app.common;

import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.application.Platform;
import javafx.stage.Window;

/** Confirmations that name what will happen; the safe choice is the default. */
public final class Dialogs {

    private Dialogs() {
    }

    /**
     * Keeps a dialog's window as large as its content: a message line that appears (a refusal, "… is available")
     * grows the window instead of pushing the buttons past its edge, and shrinks it again when it goes.
     */
    public static void fitToContent(Dialog<?> dialog) {
        DialogPane pane = dialog.getDialogPane();
        Runnable fit = () -> {
            Window window = pane.getScene() == null ? null : pane.getScene().getWindow();
            if (window != null && window.isShowing()) {
                Scene scene = pane.getScene();
                double needed = scene.getRoot().prefHeight(scene.getWidth());
                if (Math.abs(needed - scene.getHeight()) > 0.5) {
                    window.sizeToScene();
                }
            }
        };
        pane.needsLayoutProperty().addListener((obs, was, needs) -> {
            if (!needs) {
                Platform.runLater(fit);
            }
        });
    }

    public static boolean confirm(Node owner, String title, String message, String action) {
        ButtonType confirm = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, message, confirm, cancel);
        Window window = owner.getScene() == null ? null : owner.getScene().getWindow();
        if (window != null) {
            alert.initOwner(window);
        }
        alert.setTitle(title);
        alert.setHeaderText(title);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(confirm)).setDefaultButton(false);
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.isPresent() && answer.get() == confirm;
    }
}
