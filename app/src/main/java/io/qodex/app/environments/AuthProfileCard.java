package io.qodex.app.environments;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import io.qodex.domain.environment.HttpMethod;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;

/**
 * One auth profile in the Auth profiles tab: credentials, the HTTP login, "Test login" and whether a UI login is
 * recorded. Like the variable rows, a card is made once per position and shows whichever profile is there.
 */
final class AuthProfileCard extends VBox {

    private static final String STORED = "•••• stored (type to replace)";

    private final Label heading = new Label("", Icons.of(Feather.USER));
    private final TextField email = new TextField();
    private final PasswordField password = new PasswordField();
    private final PasswordField staticToken = new PasswordField();
    private final ToggleSwitch httpLogin = new ToggleSwitch("HTTP login");
    private final ComboBox<String> method = new ComboBox<>();
    private final TextField url = new TextField();
    private final TextArea headers = new TextArea();
    private final TextArea body = new TextArea();
    private final TextField tokenPath = new TextField();
    private final Label result = new Label();
    private final Label uiLogin = new Label("", Icons.of(Feather.MONITOR, 12));
    /** Each field's error, following whichever profile the card shows (a FormField keeps the one it was given). */
    private final Map<String, StringProperty> errors = new LinkedHashMap<>();
    private @Nullable AuthProfileModel shown;

    AuthProfileCard(int index, boolean canEdit) {
        super(10);
        heading.getStyleClass().add(Styles.TITLE_4);
        email.setId("env-profile-email-" + index);
        email.setPromptText("qa-admin@example.com or a user name");
        password.setId("env-profile-password-" + index);
        staticToken.setId("env-profile-token-" + index);
        httpLogin.setId("env-profile-http-login-" + index);
        method.getItems().setAll(Arrays.stream(HttpMethod.values()).map(Enum::name).toList());
        url.setId("env-profile-login-url-" + index);
        url.setPromptText("${apiBaseUrl}/auth/login");
        headers.setPrefRowCount(2);
        headers.setPromptText("Content-Type: application/json");
        body.setId("env-profile-login-body-" + index);
        body.setPrefRowCount(3);
        body.setPromptText("{\"email\": \"${authEmail}\", \"password\": \"${authPassword}\"}");
        tokenPath.setId("env-profile-token-path-" + index);
        tokenPath.setPromptText("$.data.token");

        GridPane loginForm = new GridPane();
        loginForm.setHgap(10);
        loginForm.setVgap(8);
        loginForm.add(new FormField("Method", method, error("apiLogin.method")), 0, 0);
        loginForm.add(new FormField("URL", url, error("apiLogin.url")), 1, 0);
        GridPane.setHgrow(loginForm.getChildren().get(1), Priority.ALWAYS);
        loginForm.add(new FormField("Headers (one \"Name: value\" per line)", headers, error("apiLogin.headers")),
                0, 1, 2, 1);
        loginForm.add(new FormField("Body template", body, error("apiLogin.body")), 0, 2, 2, 1);
        loginForm.add(new FormField("Token JSONPath", tokenPath, error("apiLogin.tokenPath")), 0, 3, 2, 1);
        loginForm.visibleProperty().bind(httpLogin.selectedProperty());
        loginForm.managedProperty().bind(loginForm.visibleProperty());

        Button test = new Button("Test login", Icons.of(Feather.PLAY));
        test.setId("env-profile-test-login-" + index);
        test.setOnAction(e -> {
            if (shown != null) {
                shown.testLogin();
            }
        });
        result.setId("env-profile-login-result-" + index);
        result.setWrapText(true);
        HBox testRow = new HBox(10, test, result);
        testRow.setAlignment(Pos.CENTER_LEFT);
        uiLogin.getStyleClass().add(Styles.TEXT_MUTED);

        Button remove = Icons.button(Feather.TRASH_2, "Remove the profile");
        remove.setDisable(!canEdit);
        remove.setOnAction(e -> {
            if (shown != null) {
                shown.remove();
            }
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        GridPane credentials = new GridPane();
        credentials.setHgap(10);
        credentials.setVgap(8);
        credentials.add(new FormField("Email or user name (${authEmail})", email, error("email")), 0, 0, 2, 1);
        credentials.add(new FormField("Password (${authPassword})", password, error("password")), 0, 1);
        credentials.add(new FormField("Static token", staticToken, error("staticToken")), 1, 1);
        credentials.getColumnConstraints().addAll(half(), half());
        getChildren().addAll(new HBox(8, heading, gap, remove), credentials, httpLogin, loginForm, testRow, uiLogin);
        getStyleClass().add("card");
        setDisable(!canEdit);
    }

    private StringProperty error(String field) {
        return errors.computeIfAbsent(field, f -> new SimpleStringProperty(""));
    }

    /** Shows a profile's model (or none: the card is hidden until a later environment has that many profiles). */
    void show(@Nullable AuthProfileModel profile) {
        if (profile == shown) {
            return;
        }
        if (shown != null) {
            email.textProperty().unbindBidirectional(shown.email());
            password.textProperty().unbindBidirectional(shown.password());
            staticToken.textProperty().unbindBidirectional(shown.staticToken());
            httpLogin.selectedProperty().unbindBidirectional(shown.httpLogin());
            method.valueProperty().unbindBidirectional(shown.method());
            url.textProperty().unbindBidirectional(shown.url());
            headers.textProperty().unbindBidirectional(shown.headers());
            body.textProperty().unbindBidirectional(shown.body());
            tokenPath.textProperty().unbindBidirectional(shown.tokenPath());
        }
        shown = profile;
        setVisible(profile != null);
        setManaged(profile != null);
        if (profile == null) {
            errors.values().forEach(StringProperty::unbind);
            return;
        }
        heading.textProperty().bind(profile.name());
        email.textProperty().bindBidirectional(profile.email());
        password.textProperty().bindBidirectional(profile.password());
        password.promptTextProperty().bind(Bindings.when(profile.passwordStored()).then(STORED).otherwise("not set"));
        staticToken.textProperty().bindBidirectional(profile.staticToken());
        staticToken.promptTextProperty().bind(Bindings.when(profile.staticTokenStored()).then(STORED)
                .otherwise("not set"));
        httpLogin.selectedProperty().bindBidirectional(profile.httpLogin());
        method.valueProperty().bindBidirectional(profile.method());
        url.textProperty().bindBidirectional(profile.url());
        headers.textProperty().bindBidirectional(profile.headers());
        body.textProperty().bindBidirectional(profile.body());
        tokenPath.textProperty().bindBidirectional(profile.tokenPath());
        result.textProperty().bind(profile.loginResult());
        uiLogin.textProperty().bind(Bindings.when(profile.uiLoginRecorded()).then("UI login: recorded.")
                .otherwise("UI login: not recorded (record it in Logins)."));
        errors.forEach((field, error) -> error.bind(profile.problem(field)));
    }

    private static ColumnConstraints half() {
        ColumnConstraints column = new ColumnConstraints();
        column.setPercentWidth(50);
        return column;
    }
}
