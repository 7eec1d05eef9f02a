package io.qodex.app.organization;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.FormField;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.llm.ProjectCaps;
import io.qodex.domain.project.Project;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/**
 * Organization admins change a project's caps on platform-funded LLM spend. The amounts are checked as they are
 * typed; the dialog stays open until the database accepted them, and a refusal is shown in it.
 */
public final class CapsDialog {

    private CapsDialog() {
    }

    public static void show(Node owner, Workspace workspace, Project project, ProjectCaps current, Runnable saved) {
        CapsViewModel model = new CapsViewModel(workspace.llm().caps(), project, current);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle("Caps of " + project.name());
        dialog.setHeaderText("Caps on platform-funded LLM spend of " + project.name());
        ButtonType save = new ButtonType("Save caps", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);

        TextField fiveHour = amountField("caps-five-hour", model.fiveHourProperty().get());
        TextField weekly = amountField("caps-weekly", model.weeklyProperty().get());
        fiveHour.textProperty().bindBidirectional(model.fiveHourProperty());
        weekly.textProperty().bindBidirectional(model.weeklyProperty());
        Label refusal = new Label();
        refusal.setId("caps-refusal");
        refusal.setWrapText(true);
        refusal.getStyleClass().add(Styles.DANGER);
        refusal.textProperty().bind(model.refusalProperty());
        refusal.visibleProperty().bind(refusal.textProperty().isNotEmpty());
        refusal.managedProperty().bind(refusal.visibleProperty());
        Label note = new Label("Rolling windows, no fixed reset: headroom returns as older spend leaves the window. "
                + "BYOK and Codex pool calls are never capped.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox form = new VBox(12, new FormField("Rolling 5 hours (USD)", fiveHour, model.fiveHourErrorProperty()),
                new FormField("Rolling 7 days (USD)", weekly, model.weeklyErrorProperty()), refusal, note);
        form.setPrefWidth(420);
        dialog.getDialogPane().setContent(form);

        Button ok = (Button) dialog.getDialogPane().lookupButton(save);
        ok.setId("caps-save");
        ok.disableProperty().bind(model.canSaveProperty().not());
        ok.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // stay open until the database said yes
            model.save(() -> {
                saved.run();
                dialog.setResult(save);
                dialog.close();
            });
        });
        fiveHour.requestFocus();
        dialog.show();
    }

    private static TextField amountField(String id, String amount) {
        TextField field = new TextField(amount);
        field.setId(id);
        return field;
    }
}
