package io.qodex.app.environments;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.FormField;
import javafx.beans.property.StringProperty;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** "New environment from the … preset": name and URLs; it stays open, with the problems, until it is created. */
final class CreateEnvironmentDialog {

    private CreateEnvironmentDialog() {
    }

    static void show(Window owner, CreateEnvironmentModel form) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("New environment");
        dialog.setHeaderText(form.heading());
        ButtonType create = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);
        TextField name = field("env-create-name", form.name());
        TextField baseUrl = field("env-create-base-url", form.baseUrl());
        baseUrl.setPromptText(UrlExamples.baseUrl(form.preset()));
        TextField apiBaseUrl = field("env-create-api-base-url", form.apiBaseUrl());
        apiBaseUrl.setPromptText(UrlExamples.apiBaseUrl(form.preset()));
        Label other = new Label();
        other.setId("env-create-problem");
        other.getStyleClass().add("field-error");
        other.setWrapText(true);
        other.textProperty().bind(form.otherProblem());
        Label constraints = new Label(form.constraints());
        constraints.setId("env-create-constraints");
        constraints.getStyleClass().add(Styles.TEXT_MUTED);
        constraints.setWrapText(true); // "…, no security testing" whole, on two lines if need be
        VBox content = new VBox(10, new FormField("Name", name, form.nameProblem()),
                new FormField("Base URL", baseUrl, form.baseUrlProblem()),
                new FormField("API base URL", apiBaseUrl, form.apiBaseUrlProblem()), new Label("Constraints"),
                constraints, other);
        content.setPrefWidth(440);
        dialog.getDialogPane().setContent(content);
        Dialogs.fitToContent(dialog); // a refusal under a field grows the window: the buttons stay inside
        Button ok = (Button) dialog.getDialogPane().lookupButton(create);
        ok.setId("env-create-submit");
        ok.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            form.submit(() -> {
                dialog.setResult(create);
                dialog.close();
            });
        });
        dialog.show();
        baseUrl.requestFocus();
    }

    private static TextField field(String id, StringProperty text) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(text);
        return field;
    }
}
