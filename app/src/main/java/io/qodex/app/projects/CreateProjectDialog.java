package io.qodex.app.projects;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.FormField;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.common.Shell;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/** The "New project" dialog (Ctrl+N): name, slug suggested from it, both validated live. */
public final class CreateProjectDialog {

    private CreateProjectDialog() {
    }

    public static void show(Node owner, Workspace workspace, Shell main) {
        CreateProjectViewModel model = new CreateProjectViewModel(workspace);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle("New project");
        dialog.setHeaderText("Create a project");
        ButtonType create = new ButtonType("Create project", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);

        TextField name = new TextField();
        name.setId("project-name");
        name.setPromptText("Checkout Web");
        name.textProperty().bindBidirectional(model.nameProperty());
        TextField slug = new TextField();
        slug.setId("project-slug");
        slug.setPromptText("checkout-web");
        slug.textProperty().bindBidirectional(model.slugProperty());
        FormField slugField = new FormField("Slug (in routes: /p/<slug>/…)", slug, model.slugErrorProperty());
        Label available = new Label();
        available.setId("project-slug-status");
        available.getStyleClass().add("field-ok");
        available.textProperty().bind(model.slugStatusProperty());
        available.visibleProperty().bind(Bindings.and(model.slugStatusProperty().isNotEmpty(),
                model.slugErrorProperty().isEmpty()));
        available.managedProperty().bind(available.visibleProperty());
        Label error = new Label();
        error.setId("project-form-error");
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.textProperty().bind(model.formErrorProperty());
        error.visibleProperty().bind(model.formErrorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        Label note = new Label("You become the project's Admin. Its key is created on this computer and never leaves it "
                + "unencrypted.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox form = new VBox(12, new FormField("Name", name, model.nameErrorProperty()), slugField, available, error, note);
        form.setPrefWidth(460);
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        dialog.getDialogPane().setContent(form);

        Button ok = (Button) dialog.getDialogPane().lookupButton(create);
        ok.setId("create-project-submit");
        ok.disableProperty().bind(Bindings.or(model.busyProperty(), model.validProperty().not()));
        ok.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // stay open until the database said yes
            model.create(project -> {
                main.projectUpdated(project, true);
                dialog.setResult(create);
                dialog.close();
            });
        });
        Dialogs.fitToContent(dialog); // "/p/… is available." and refusals come and go: the window follows
        name.requestFocus();
        dialog.show();
    }
}
