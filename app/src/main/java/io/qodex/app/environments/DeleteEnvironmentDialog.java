package io.qodex.app.environments;

import atlantafx.base.theme.Styles;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** "Delete …?": enabled once the environment's name is typed; a refusal stays in the dialog. */
final class DeleteEnvironmentDialog {

    private DeleteEnvironmentDialog() {
    }

    static void show(Window owner, DeleteEnvironmentModel confirmation) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Delete environment");
        dialog.setHeaderText("Delete " + confirmation.name() + "?");
        ButtonType delete = new ButtonType("Delete " + confirmation.name(), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(delete, ButtonType.CANCEL);
        TextField typed = new TextField();
        typed.setId("env-delete-confirm");
        typed.textProperty().bindBidirectional(confirmation.typed());
        Label explain = new Label(confirmation.explanation());
        explain.setWrapText(true);
        Label refusal = new Label();
        refusal.getStyleClass().add("field-error");
        refusal.textProperty().bind(confirmation.refusal());
        VBox content = new VBox(10, explain, typed, refusal);
        content.setPrefWidth(420);
        dialog.getDialogPane().setContent(content);
        Button ok = (Button) dialog.getDialogPane().lookupButton(delete);
        ok.getStyleClass().add(Styles.DANGER);
        ok.disableProperty().bind(confirmation.confirmed().not());
        ok.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            confirmation.submit(() -> {
                dialog.setResult(delete);
                dialog.close();
            });
        });
        dialog.show();
    }
}
