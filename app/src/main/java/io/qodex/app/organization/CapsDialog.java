package io.qodex.app.organization;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.ProjectCaps;
import io.qodex.domain.project.Project;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
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
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle("Caps of " + project.name());
        dialog.setHeaderText("Caps on platform-funded LLM spend of " + project.name());
        ButtonType save = new ButtonType("Save caps", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);

        StringProperty fiveHourError = new SimpleStringProperty("");
        StringProperty weeklyError = new SimpleStringProperty("");
        TextField fiveHour = amountField("caps-five-hour", current.fiveHour(), fiveHourError);
        TextField weekly = amountField("caps-weekly", current.weekly(), weeklyError);
        Label refusal = new Label();
        refusal.setId("caps-refusal");
        refusal.setWrapText(true);
        refusal.getStyleClass().add(Styles.DANGER);
        refusal.visibleProperty().bind(refusal.textProperty().isNotEmpty());
        refusal.managedProperty().bind(refusal.visibleProperty());
        Label note = new Label("Rolling windows, no fixed reset: headroom returns as older spend leaves the window. "
                + "BYOK and Codex pool calls are never capped.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox form = new VBox(12, new FormField("Rolling 5 hours (USD)", fiveHour, fiveHourError),
                new FormField("Rolling 7 days (USD)", weekly, weeklyError), refusal, note);
        form.setPrefWidth(420);
        dialog.getDialogPane().setContent(form);

        SimpleBooleanProperty busy = new SimpleBooleanProperty(false);
        Button ok = (Button) dialog.getDialogPane().lookupButton(save);
        ok.setId("caps-save");
        ok.disableProperty().bind(busy.or(fiveHourError.isNotEmpty()).or(weeklyError.isNotEmpty()));
        ok.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // stay open until the database said yes
            Money five = Money.parseUsd(fiveHour.getText());
            Money week = Money.parseUsd(weekly.getText());
            busy.set(true);
            refusal.setText("");
            Tasks.run(() -> workspace.llm().caps().set(project, five, week))
                    .onSuccess(caps -> {
                        saved.run();
                        dialog.setResult(save);
                        dialog.close();
                    })
                    .onError(problem -> refusal.setText(problem.getMessage()))
                    .onFinally(() -> busy.set(false))
                    .start();
        });
        fiveHour.requestFocus();
        dialog.show();
    }

    private static TextField amountField(String id, Money value, StringProperty error) {
        TextField field = new TextField(value.usd().stripTrailingZeros().toPlainString());
        field.setId(id);
        field.textProperty().addListener((obs, old, text) -> {
            try {
                Money.parseUsd(text);
                error.set("");
            } catch (QodexException e) {
                error.set(e.getMessage());
            }
        });
        return field;
    }
}
