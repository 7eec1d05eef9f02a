package io.qodex.app.account;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.CapsLockWatch;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Notices;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** Sign in, sign up, verify and forgot-password screens, one card at a time on a quiet backdrop. */
public final class AccountView extends StackPane {

    private final VBox card = new VBox();
    private final SignInViewModel signIn;
    private final SignUpViewModel signUp;
    private final VerifyViewModel verify;
    private final ForgotPasswordViewModel forgot;
    private final java.util.Optional<LocalMail> localMail;
    private final String databaseLabel;
    private final java.util.Optional<String> transportWarning;

    /**
     * {@code outbox} is local mode's mail folder, {@code openFolder} asks the desktop to show a folder (it may not
     * be able to: the path is also shown, with a copy button).
     */
    public AccountView(Backend backend, String lastEmail, Consumer<Workspace> signedIn, java.nio.file.Path outbox,
                       Consumer<String> openFolder) {
        setId("account-view");
        getStyleClass().add("auth-backdrop");
        this.signIn = new SignInViewModel(backend, lastEmail);
        this.signUp = new SignUpViewModel(backend);
        this.verify = new VerifyViewModel(backend);
        this.forgot = new ForgotPasswordViewModel(backend);
        this.localMail = backend.embedded() ? java.util.Optional.of(new LocalMail(outbox, openFolder))
                : java.util.Optional.empty();
        this.databaseLabel = backend.describe();
        this.transportWarning = backend.transportWarning();
        card.getStyleClass().add("auth-card");
        card.setMaxWidth(420);
        card.setMaxHeight(VBox.USE_PREF_SIZE);
        getChildren().add(card);
        StackPane.setAlignment(card, Pos.CENTER);
        this.signedIn = signedIn;
        showSignIn();
    }

    private final Consumer<Workspace> signedIn;

    public void showSignIn() {
        TextField email = new TextField();
        email.setId("signin-email");
        email.setPromptText("you@company.com");
        email.textProperty().bindBidirectional(signIn.emailProperty());
        email.focusedProperty().addListener((obs, was, now) -> {
            if (!now && !email.getText().isEmpty()) {
                signIn.touch();
            }
        });
        PasswordField password = new PasswordField();
        password.setId("signin-password");
        password.textProperty().bindBidirectional(signIn.passwordProperty());
        BooleanProperty caps = CapsLockWatch.watch(password);
        Label capsWarning = warning("Caps Lock seems to be on.", caps);

        Button submit = primary("Sign in", "signin-submit", signIn.busyProperty());
        submit.setOnAction(e -> signIn.signIn(signedIn));
        password.setOnAction(e -> submit.fire());
        email.setOnAction(e -> password.requestFocus());

        Hyperlink create = link("Create an account", "goto-signup", this::showSignUp);
        Hyperlink forgotLink = link("Forgot your password?", "goto-forgot", this::showForgot);
        Hyperlink verifyLink = link("I have a verification code", "goto-verify", () -> {
            String typed = signIn.passwordProperty().get();
            verify.start(signIn.emailProperty().get().strip(), typed.isEmpty() ? null
                    : io.qodex.domain.common.Secret.copyOf(typed));
            showVerify();
        });
        HBox links = new HBox(12, create, forgotLink);
        show(heading("Sign in to Qodex", "Projects, environments, logins and keys of your team."),
                new FormField("Email", email, signIn.emailErrorProperty()),
                new FormField("Password", password, signIn.passwordErrorProperty()),
                capsWarning,
                formError(signIn.formErrorProperty(), "signin-error"),
                submit, links, verifyLink, footer());
        focusWhenShown(email.getText().isEmpty() ? email : password);
    }

    public void showSignUp() {
        TextField email = new TextField();
        email.setId("signup-email");
        email.setPromptText("you@company.com");
        email.textProperty().bindBidirectional(signUp.emailProperty());
        email.focusedProperty().addListener((obs, was, now) -> {
            if (!now && !email.getText().isEmpty()) {
                signUp.touch();
            }
        });
        PasswordField password = new PasswordField();
        password.setId("signup-password");
        password.textProperty().bindBidirectional(signUp.passwordProperty());
        PasswordField confirmation = new PasswordField();
        confirmation.setId("signup-confirmation");
        confirmation.textProperty().bindBidirectional(signUp.confirmationProperty());
        BooleanProperty caps = CapsLockWatch.watch(password, confirmation);

        Button submit = primary("Create account", "signup-submit", signUp.busyProperty());
        submit.setOnAction(e -> signUp.signUp(created -> {
            verify.start(created, signUp.takeUsedPassword());
            signIn.emailProperty().set(created);
            showVerify();
        }));
        confirmation.setOnAction(e -> submit.fire());
        VBox passwordBox = new VBox(4, new FormField("Password", password, new javafx.beans.property.SimpleStringProperty("")),
                rules(signUp.passwordProblems(), "signup-password-rules"));
        // every message line keeps its room: nothing on the card moves when one appears
        show(heading("Create your account", "A verification code will be mailed to you."),
                new FormField("Email", email, signUp.emailErrorProperty()).reserveMessage(),
                passwordBox,
                new FormField("Repeat the password", confirmation, signUp.confirmationErrorProperty()).reserveMessage(),
                Notices.reserveLine(warning("Caps Lock seems to be on.", caps)),
                Notices.reserveLine(formError(signUp.formErrorProperty(), "signup-error")),
                submit, link("I already have an account", "goto-signin", this::showSignIn), footer());
        focusWhenShown(email);
    }

    public void showVerify() {
        TextField code = new TextField();
        code.setId("verify-code");
        code.setPromptText("XXXX-XXXX-XXXX");
        code.textProperty().bindBidirectional(verify.codeProperty());
        Label info = new Label();
        info.setWrapText(true);
        info.textProperty().bind(verify.infoProperty());
        Button submit = primary("Verify", "verify-submit", verify.busyProperty().or(signIn.busyProperty()));
        // verified with the password typed at sign-up (or sign-in, or here): it signs in at once, no second typing
        submit.setOnAction(e -> verify.verify((address, password) -> signIn.signInVerified(address, password,
                signedIn, this::showSignIn)));
        code.setOnAction(e -> submit.fire());
        Button resend = new Button();
        resend.setId("verify-resend");
        resend.getStyleClass().add(Styles.FLAT);
        resend.textProperty().bind(Bindings.when(verify.resendInProperty().greaterThan(0))
                .then(Bindings.concat("Resend the code in ", verify.resendInProperty().asString(), " s"))
                .otherwise("Resend the code"));
        resend.disableProperty().bind(verify.resendInProperty().greaterThan(0));
        resend.setOnAction(e -> verify.resend());
        // asked only when no password was typed just before (the sign-in page's "I have a verification code")
        PasswordField password = new PasswordField();
        password.setId("verify-password");
        password.setPromptText("12+ characters: the account's password from now on");
        password.textProperty().bindBidirectional(verify.typedPasswordProperty());
        password.setOnAction(e -> submit.fire());
        FormField passwordField = new FormField("Password (it becomes the account's)", password,
                new javafx.beans.property.SimpleStringProperty(""));
        passwordField.visibleProperty().bind(verify.needsPasswordProperty());
        passwordField.managedProperty().bind(passwordField.visibleProperty());
        Node fill = localMail.map(mail -> mail.fillCode("verify-fill-code", verify.emailProperty(),
                verify.codeProperty())).orElse(new VBox());
        show(heading("Verify your email", "Until it is verified you see no project."), info,
                new FormField("Verification code", code, verify.codeErrorProperty()), fill, passwordField,
                submit, resend, link("Back to sign in", "goto-signin", () -> {
                    verify.leave();
                    showSignIn();
                }), footer());
        focusWhenShown(code);
    }

    public void showForgot() {
        TextField email = new TextField();
        email.setId("forgot-email");
        email.textProperty().bindBidirectional(forgot.emailProperty());
        if (email.getText().isEmpty()) {
            email.setText(signIn.emailProperty().get());
        }
        Button request = primary("Mail me a reset code", "forgot-request", forgot.busyProperty());
        request.setOnAction(e -> forgot.requestCode());
        email.setOnAction(e -> request.fire());

        TextField code = new TextField();
        code.setId("forgot-code");
        code.textProperty().bindBidirectional(forgot.codeProperty());
        PasswordField password = new PasswordField();
        password.setId("forgot-password");
        password.textProperty().bindBidirectional(forgot.passwordProperty());
        Button reset = primary("Set the new password", "forgot-reset", forgot.busyProperty());
        reset.setOnAction(e -> forgot.reset(() -> {
            signIn.emailProperty().set(forgot.emailProperty().get());
            signIn.infoProperty().set("Your new password is set: sign in with it.");
            showSignIn();
        }));
        Label resetNote = new Label("A reset creates a new key pair: your projects' secrets become readable again once an "
                + "Admin's Qodex is online to share the keys with you.");
        resetNote.setWrapText(true);
        resetNote.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Node fill = localMail.map(mail -> mail.fillCode("forgot-fill-code", forgot.emailProperty(),
                forgot.codeProperty())).orElse(new VBox());
        VBox second = new VBox(10, new FormField("Reset code", code, new javafx.beans.property.SimpleStringProperty("")),
                fill,
                new VBox(4, new FormField("New password", password, new javafx.beans.property.SimpleStringProperty("")),
                        rules(forgot.passwordProblems(), "forgot-password-rules")), resetNote, reset);
        second.visibleProperty().bind(forgot.codeSentProperty());
        second.managedProperty().bind(second.visibleProperty());
        Label info = new Label();
        info.setWrapText(true);
        info.textProperty().bind(forgot.infoProperty());
        show(heading("Reset your password", "We mail a one-time code to the address."),
                new FormField("Email", email, new javafx.beans.property.SimpleStringProperty("")), request, info, second,
                formError(forgot.errorProperty(), "forgot-error"),
                link("Back to sign in", "goto-signin", this::showSignIn), footer());
        focusWhenShown(email);
    }

    /** Focus for a card's field: at once when the card is on screen, else as soon as it is (a new window). */
    private static void focusWhenShown(Node field) {
        if (field.getScene() != null) {
            field.requestFocus();
            return;
        }
        field.sceneProperty().addListener(new javafx.beans.value.ChangeListener<javafx.scene.Scene>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Scene> obs,
                                javafx.scene.Scene old, javafx.scene.Scene now) {
                if (now != null) {
                    field.sceneProperty().removeListener(this);
                    field.requestFocus();
                }
            }
        });
    }

    private void show(Node... nodes) {
        card.getChildren().setAll(nodes);
    }

    private static VBox heading(String title, String subtitle) {
        Label logo = new Label("Qodex Operator", Icons.of(Feather.HEXAGON, 20));
        logo.getStyleClass().add("app-title");
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_3);
        Label sub = new Label(subtitle);
        sub.getStyleClass().add(Styles.TEXT_MUTED);
        sub.setWrapText(true);
        return new VBox(6, logo, heading, sub);
    }

    private static Button primary(String text, String id, javafx.beans.binding.BooleanExpression busy) {
        Button button = new Button(text);
        button.setId(id);
        button.setDefaultButton(true);
        button.getStyleClass().add(Styles.ACCENT);
        button.setMaxWidth(Double.MAX_VALUE);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(14, 14);
        button.graphicProperty().bind(Bindings.when(busy).then((Node) spinner).otherwise((Node) null));
        button.disableProperty().bind(busy);
        return button;
    }

    private static Hyperlink link(String text, String id, Runnable action) {
        Hyperlink link = new Hyperlink(text);
        link.setId(id);
        link.setOnAction(e -> action.run());
        return link;
    }

    private static Label warning(String text, BooleanProperty when) {
        Label label = new Label(text, Icons.of(Feather.ALERT_TRIANGLE, 12));
        label.getStyleClass().add(Styles.WARNING);
        label.visibleProperty().bind(when);
        label.managedProperty().bind(when);
        return label;
    }

    private static Label formError(ObservableStringValue error, String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().add("field-error");
        label.textProperty().bind(error);
        label.visibleProperty().bind(Bindings.isNotEmpty(error));
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    /** The password rules, each with a tick or a cross, updated as you type. */
    private static VBox rules(ObservableList<String> problems, String id) {
        VBox box = new VBox(2);
        box.setId(id);
        Runnable update = () -> {
            box.getChildren().clear();
            if (problems.isEmpty()) {
                Label ok = new Label("Strong enough.", Icons.of(Feather.CHECK, 12));
                ok.getStyleClass().add("field-ok");
                box.getChildren().add(ok);
            } else {
                for (String problem : problems) {
                    Label line = new Label(problem, Icons.of(Feather.X, 12));
                    line.setWrapText(true);
                    line.getStyleClass().add("field-hint");
                    box.getChildren().add(line);
                }
            }
        };
        problems.addListener((ListChangeListener<String>) change -> update.run());
        update.run();
        // the list shrinks as rules are met: it keeps the room it had, so the fields below stay where they are
        box.heightProperty().addListener((obs, old, height) -> box.setMinHeight(Math.max(box.getMinHeight(),
                height.doubleValue())));
        return box;
    }

    private Node footer() {
        Label database = new Label("Database: " + databaseLabel, Icons.of(Feather.DATABASE, 12));
        database.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        database.setWrapText(true);
        Label info = new Label();
        info.setId("signin-info");
        info.setWrapText(true);
        info.textProperty().bind(signIn.infoProperty());
        info.getStyleClass().add("field-ok");
        info.visibleProperty().bind(Bindings.isNotEmpty(signIn.infoProperty()));
        info.managedProperty().bind(info.visibleProperty());
        VBox footer = new VBox(6, info, database);
        transportWarning.ifPresent(warning -> {
            Label insecure = new Label("Warning: " + warning + ".", Icons.of(Feather.ALERT_TRIANGLE, 12));
            insecure.setId("account-transport-warning");
            insecure.getStyleClass().addAll(Styles.WARNING, Styles.TEXT_SMALL);
            insecure.setWrapText(true);
            footer.getChildren().add(insecure);
        });
        localMail.ifPresent(mail -> footer.getChildren().add(mail.footer()));
        return footer;
    }
}
