package io.qodex.app.common;

import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;

/**
 * The one question every page with an editor asks before its unsaved changes would be dropped: Save (the default),
 * Discard or Cancel (docs/decisions/0024-pages-with-unsaved-changes.md).
 */
public final class UnsavedChanges {

    /** The answer. */
    public enum Answer { SAVE, DISCARD, CANCEL }

    private UnsavedChanges() {
    }

    /** Asks about unsaved changes to {@code name}; closing the dialog is Cancel. */
    public static Answer ask(@Nullable Window owner, String name) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "Your changes to " + name + " are not saved yet.",
                save, discard, cancel);
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.setTitle("Unsaved changes");
        alert.setHeaderText("Save the changes to " + name + "?");
        alert.getDialogPane().setId("unsaved-dialog");
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isEmpty() || answer.get() == cancel) {
            return Answer.CANCEL;
        }
        return answer.get() == save ? Answer.SAVE : Answer.DISCARD;
    }
}
