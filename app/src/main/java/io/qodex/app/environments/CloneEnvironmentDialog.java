package io.qodex.app.environments;

import io.qodex.domain.environment.Environment;
import javafx.scene.control.TextInputDialog;
import javafx.stage.Window;

/** "Clone environment": the new name (secret values are not copied). */
final class CloneEnvironmentDialog {

    private CloneEnvironmentDialog() {
    }

    static void show(Window owner, Environment source, EnvironmentsViewModel model) {
        TextInputDialog dialog = new TextInputDialog(source.name() + " copy");
        dialog.initOwner(owner);
        dialog.setTitle("Clone environment");
        dialog.setHeaderText("Clone " + source.name() + " (secret values are not copied)");
        dialog.setContentText("New name");
        dialog.showAndWait().ifPresent(model::cloneAs);
    }
}
