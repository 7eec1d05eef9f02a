package io.qodex.app.scenarios;

import io.qodex.app.common.FileDialogs;
import io.qodex.app.common.UnsavedChanges;
import io.qodex.domain.scenario.OnConflict;
import io.qodex.domain.scenario.Selection;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Export to and import from scenario files: the file dialogs, the question what to do with names the project has
 * already (refuse, rename, replace, skip), the list of every problem when an import is refused, and the question
 * "Save, Discard or Cancel?" about unsaved changes.
 */
final class ScenarioFiles {

    /** The answer about unsaved changes. */
    enum Unsaved { SAVE, DISCARD, CANCEL }

    private ScenarioFiles() {
    }

    static void export(Window owner, ScenariosViewModel model, Selection selection, String what, String filePart) {
        FileDialogs.saveAs(owner, "Export " + what, model.exportFileName(filePart), "Qodex scenarios (JSON)", "*.json")
                .ifPresent(file -> model.exportTo(selection, what, file));
    }

    static void chooseImport(Window owner, ScenariosViewModel model) {
        FileDialogs.open(owner, "Import scenarios", "Qodex scenarios (JSON)", "*.json")
                .ifPresent(file -> model.readImport(file, read -> {
                    Optional<OnConflict> choice = read.taken().isEmpty() ? Optional.of(OnConflict.REFUSE)
                            : askOnConflict(owner, read.taken());
                    choice.ifPresent(onConflict -> model.importFrom(read, onConflict,
                            problems -> refused(owner, file, problems)));
                }, problems -> refused(owner, file, problems)));
    }

    /** What to do with scenarios whose names the project has already; empty when the user cancelled. */
    static Optional<OnConflict> askOnConflict(Window owner, List<String> taken) {
        ToggleGroup group = new ToggleGroup();
        RadioButton refuse = choice(group, "Import nothing (change nothing)", OnConflict.REFUSE, "import-refuse");
        RadioButton rename = choice(group, "Import them under a new name: \"" + taken.get(0) + " (2)\"",
                OnConflict.RENAME, "import-rename");
        RadioButton replace = choice(group, "Replace the stored ones with the file's (their runs stay)",
                OnConflict.REPLACE, "import-replace");
        RadioButton skip = choice(group, "Skip them (keep the stored ones, import the rest)", OnConflict.SKIP,
                "import-skip");
        rename.setSelected(true);
        Label names = new Label(String.join(", ", taken));
        names.setWrapText(true);
        names.setMaxWidth(440);
        Label question = new Label("What should happen to them?");
        VBox content = new VBox(8, names, question, refuse, rename, replace, skip);
        ButtonType importType = new ButtonType("Import", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", importType, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle("Names that exist already");
        alert.getDialogPane().setId("import-conflict-dialog");
        alert.setHeaderText(taken.size() == 1 ? "The project has a scenario with this name already"
                : "The project has " + taken.size() + " of these scenarios already");
        alert.getDialogPane().setContent(content);
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isEmpty() || answer.get() != importType) {
            return Optional.empty();
        }
        return Optional.of((OnConflict) group.getSelectedToggle().getUserData());
    }

    private static RadioButton choice(ToggleGroup group, String text, OnConflict value, String id) {
        RadioButton button = new RadioButton(text);
        button.setId(id);
        button.setUserData(value);
        button.setToggleGroup(group);
        return button;
    }

    private static void refused(Window owner, Path file, List<String> problems) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle("Import refused");
        alert.getDialogPane().setId("import-refused-dialog");
        alert.setHeaderText(file.getFileName() + " was not imported: nothing changed");
        ListView<String> listed = new ListView<>();
        listed.setId("scenarios-import-problems");
        listed.getItems().setAll(problems);
        listed.setPrefHeight(Math.min(320, 30 + 26 * problems.size()));
        listed.setPrefWidth(560);
        alert.getDialogPane().setContent(listed);
        alert.show();
    }

    /** Save, Discard or Cancel, about unsaved changes to {@code name} (the question every editor asks). */
    static Unsaved askUnsaved(Window owner, String name) {
        return switch (UnsavedChanges.ask(owner, name)) {
            case SAVE -> Unsaved.SAVE;
            case DISCARD -> Unsaved.DISCARD;
            case CANCEL -> Unsaved.CANCEL;
        };
    }
}
