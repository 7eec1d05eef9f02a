package io.qodex.app.environments;

import io.qodex.app.common.FileDialogs;
import io.qodex.domain.environment.Environment;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Alert;
import javafx.scene.control.ListView;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Export to and import from JSON files: the file dialogs, and the list of problems when an import is refused. */
final class EnvironmentFiles {

    private EnvironmentFiles() {
    }

    static void export(Window owner, Environment environment, EnvironmentsViewModel model) {
        FileDialogs.saveAs(owner, "Export " + environment.name(), model.exportFileName(), "JSON", "*.json")
                .ifPresent(model::exportTo);
    }

    static void chooseImport(Window owner, EnvironmentsViewModel model) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import an environment");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        File file = chooser.showOpenDialog(owner);
        if (file != null) {
            importFile(owner, file.toPath(), model);
        }
    }

    /** Imports a file; every problem is listed with its field and nothing changes when there is one. */
    static void importFile(Window owner, Path file, EnvironmentsViewModel model) {
        model.importFrom(file, problems -> refused(owner, file, problems));
    }

    private static void refused(Window owner, Path file, List<String> problems) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle("Import refused");
        alert.setHeaderText(file.getFileName() + " was not imported: nothing changed");
        ListView<String> listed = new ListView<>();
        listed.setId("env-import-problems");
        listed.getItems().setAll(problems);
        listed.setPrefHeight(Math.min(320, 30 + 26 * problems.size()));
        alert.getDialogPane().setContent(listed);
        alert.show();
    }
}
