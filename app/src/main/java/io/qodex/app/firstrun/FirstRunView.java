package io.qodex.app.firstrun;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import io.qodex.app.runtime.config.DatabaseChoice;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/** Where the data lives: this computer, or a shared PostgreSQL (with "Test connection"). */
public final class FirstRunView extends StackPane {

    public FirstRunView(FirstRunViewModel model, Consumer<DatabaseChoice> chosen, boolean firstRun) {
        setId("first-run-view");

        VBox local = choice(Feather.MONITOR, "Local database (this computer)",
                "Zero setup: Qodex runs its own PostgreSQL in your user folder. Good for trying it alone.");
        local.setId("choose-local");
        VBox shared = choice(Feather.SERVER, "Shared PostgreSQL",
                "Your team's server: everyone sees the same projects, with each user's own database login.");
        shared.setId("choose-shared");
        local.setOnMouseClicked(e -> model.modeProperty().set(FirstRunViewModel.Mode.LOCAL));
        shared.setOnMouseClicked(e -> model.modeProperty().set(FirstRunViewModel.Mode.SHARED));
        local.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.SPACE || e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                model.modeProperty().set(FirstRunViewModel.Mode.LOCAL);
            }
        });
        shared.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.SPACE || e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                model.modeProperty().set(FirstRunViewModel.Mode.SHARED);
            }
        });
        Runnable mark = () -> {
            local.getStyleClass().remove("selected");
            shared.getStyleClass().remove("selected");
            (model.modeProperty().get() == FirstRunViewModel.Mode.LOCAL ? local : shared).getStyleClass().add("selected");
        };
        model.modeProperty().addListener((obs, old, now) -> mark.run());
        mark.run();
        HBox choices = new HBox(12, local, shared);
        HBox.setHgrow(local, Priority.ALWAYS);
        HBox.setHgrow(shared, Priority.ALWAYS);

        TextField host = new TextField();
        host.setId("shared-host");
        host.setPromptText("db.example.com");
        host.textProperty().bindBidirectional(model.hostProperty());
        TextField port = new TextField();
        port.setId("shared-port");
        port.setPrefColumnCount(6);
        port.textProperty().bindBidirectional(model.portProperty());
        TextField database = new TextField();
        database.setId("shared-database");
        database.textProperty().bindBidirectional(model.databaseProperty());
        TextField signupUser = new TextField();
        signupUser.setId("shared-signup-user");
        signupUser.setPromptText("qx_abcdef_signup");
        signupUser.textProperty().bindBidirectional(model.signupUserProperty());
        PasswordField password = new PasswordField();
        password.setId("shared-signup-password");
        password.textProperty().bindBidirectional(model.signupPasswordProperty());
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.add(new FormField("Host", host, model.hostErrorProperty()), 0, 0);
        form.add(new FormField("Port", port, model.portErrorProperty()), 1, 0);
        form.add(new FormField("Database", database, model.databaseErrorProperty()), 0, 1, 2, 1);
        form.add(new FormField("Sign-up login", signupUser, new javafx.beans.property.SimpleStringProperty(""),
                "As qodex db init printed it (QODEX_SIGNUP_USER)."), 0, 2, 2, 1);
        form.add(new FormField("Sign-up login password", password, new javafx.beans.property.SimpleStringProperty(""),
                "Shipped with your team's connection settings; it can only create accounts."), 0, 3, 2, 1);
        GridPane.setHgrow(form.getChildren().get(0), Priority.ALWAYS);
        Button test = new Button("Test connection", Icons.of(Feather.ZAP));
        test.setId("test-connection");
        test.disableProperty().bind(model.testingProperty());
        test.setOnAction(e -> model.testConnection());
        Label result = new Label();
        result.setId("test-result");
        result.setWrapText(true);
        result.textProperty().bind(model.testResultProperty());
        // green when connected, red for a refusal (also the first one, when "ok" never changed), plain while connecting
        Runnable style = () -> {
            result.getStyleClass().removeAll("field-ok", "field-error");
            String text = model.testResultProperty().get();
            if (!text.isEmpty() && !text.equals("Connecting…")) {
                result.getStyleClass().add(model.testOkProperty().get() ? "field-ok" : "field-error");
            }
        };
        model.testOkProperty().addListener((obs, old, ok) -> style.run());
        model.testResultProperty().addListener((obs, old, now) -> style.run());
        VBox sharedForm = new VBox(10, form, new HBox(10, test), result);
        sharedForm.visibleProperty().bind(model.modeProperty().isEqualTo(FirstRunViewModel.Mode.SHARED));
        sharedForm.managedProperty().bind(sharedForm.visibleProperty());

        Button go = new Button(firstRun ? "Continue" : "Save (applies at the next start)");
        go.setId("first-run-continue");
        go.setDefaultButton(true);
        go.getStyleClass().add(Styles.ACCENT);
        go.setMaxWidth(Double.MAX_VALUE);
        go.disableProperty().bind(Bindings.and(model.modeProperty().isEqualTo(FirstRunViewModel.Mode.SHARED),
                model.testOkProperty().not()));
        go.setOnAction(e -> {
            if (model.modeProperty().get() == FirstRunViewModel.Mode.LOCAL) {
                chosen.accept(new DatabaseChoice.Embedded());
            } else {
                model.shared().ifPresent(chosen);
            }
        });
        if (!firstRun) { // inside Application settings: only the choice, under the dialog's own heading
            getChildren().add(new VBox(14, choices, sharedForm, go));
            return;
        }
        getStyleClass().add("auth-backdrop");
        Label logo = new Label("Qodex Operator", Icons.of(Feather.HEXAGON, 20));
        logo.getStyleClass().add("app-title");
        Label heading = new Label("Welcome. Where should your data live?");
        heading.getStyleClass().add(Styles.TITLE_3);
        Label note = new Label("You can change this later in Application settings: once signed in, press Ctrl+comma "
                + "or the sliders button at the right of the status bar.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox card = new VBox(14, logo, heading, choices, sharedForm, go, note);
        card.getStyleClass().add("auth-card");
        card.setMaxWidth(600);
        card.setMaxHeight(VBox.USE_PREF_SIZE);
        StackPane.setAlignment(card, Pos.CENTER);
        getChildren().add(card);
    }

    private static VBox choice(Ikon icon, String title, String text) {
        Label heading = new Label(title, Icons.of(icon, 18));
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        heading.setWrapText(true);
        Label body = new Label(text);
        body.setWrapText(true);
        body.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(6, heading, body);
        box.getStyleClass().add("choice-card");
        box.setPrefWidth(260);
        box.setFocusTraversable(true);
        return box;
    }
}
