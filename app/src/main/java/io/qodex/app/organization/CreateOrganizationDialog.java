package io.qodex.app.organization;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.FormField;
import io.qodex.domain.project.Slug;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/** "New organization": a name and a slug made from it; the user becomes its admin and it becomes current. */
public final class CreateOrganizationDialog {

    private CreateOrganizationDialog() {
    }

    public static void show(Node owner, WorkspacesViewModel workspaces) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle("New organization");
        dialog.setHeaderText("Create an organization");
        ButtonType create = new ButtonType("Create organization", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);
        TextField name = new TextField();
        name.setId("organization-name");
        name.setPromptText("Acme agency");
        TextField slug = new TextField();
        slug.setId("organization-slug");
        slug.setPromptText("acme-agency");
        SimpleBooleanProperty slugTyped = new SimpleBooleanProperty(false);
        name.textProperty().addListener((obs, old, now) -> {
            if (!slugTyped.get()) {
                slug.setText(now == null || now.isBlank() ? "" : Slug.suggestFrom(now));
            }
        });
        slug.setOnKeyTyped(e -> slugTyped.set(true));
        SimpleStringProperty error = new SimpleStringProperty("");
        Label refusal = new Label();
        refusal.setId("organization-form-error");
        refusal.getStyleClass().add("field-error");
        refusal.setWrapText(true);
        refusal.textProperty().bind(error);
        refusal.visibleProperty().bind(error.isNotEmpty());
        refusal.managedProperty().bind(refusal.visibleProperty());
        Label note = new Label("You become its admin: you invite its members, set its platform key, prices and caps. "
                + "Its projects are apart from every other organization's.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox form = new VBox(12, new FormField("Name", name, new SimpleStringProperty("")),
                new FormField("Slug", slug, new SimpleStringProperty("")), refusal, note);
        form.setPrefWidth(440);
        dialog.getDialogPane().setContent(form);
        Button ok = (Button) dialog.getDialogPane().lookupButton(create);
        ok.setId("create-organization-submit");
        SimpleBooleanProperty busy = new SimpleBooleanProperty(false);
        ok.disableProperty().bind(busy.or(name.textProperty().isEmpty()).or(slug.textProperty().isEmpty()));
        ok.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // stay open until the database said yes
            busy.set(true);
            error.set("");
            workspaces.create(name.getText(), slug.getText(), refused -> {
                busy.set(false);
                if (refused == null) {
                    dialog.setResult(create);
                    dialog.close();
                } else {
                    error.set(refused);
                }
            });
        });
        Dialogs.fitToContent(dialog);
        name.requestFocus();
        dialog.show();
    }
}
