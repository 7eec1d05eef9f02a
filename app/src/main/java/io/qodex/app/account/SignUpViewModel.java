package io.qodex.app.account;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Backend;
import io.qodex.domain.account.Email;
import io.qodex.domain.account.PasswordPolicy;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Sign-up with the password rules checked as you type; keeps what was typed when the server refuses. */
public final class SignUpViewModel {

    private final Backend backend;
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty confirmation = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper emailError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper confirmationError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper("");
    private final ObservableList<String> passwordProblems = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private boolean touched;

    public SignUpViewModel(Backend backend) {
        this.backend = backend;
        email.addListener((obs, old, now) -> {
            if (touched) {
                validateEmail();
            }
            formError.set("");
            checkPassword();
        });
        password.addListener((obs, old, now) -> {
            checkPassword();
            formError.set("");
        });
        confirmation.addListener((obs, old, now) -> checkConfirmation(false));
        checkPassword();
    }

    public StringProperty emailProperty() {
        return email;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty confirmationProperty() {
        return confirmation;
    }

    public ReadOnlyStringProperty emailErrorProperty() {
        return emailError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty confirmationErrorProperty() {
        return confirmationError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    private @org.jspecify.annotations.Nullable Secret usedPassword;

    /** The password of the last successful sign-up, handed over once (to the verification that follows). */
    public @org.jspecify.annotations.Nullable Secret takeUsedPassword() {
        Secret taken = usedPassword;
        usedPassword = null;
        return taken;
    }

    private void forgetUsedPassword() {
        if (usedPassword != null) {
            usedPassword.close();
            usedPassword = null;
        }
    }

    /** Every rule the password breaks right now (empty when it is good). */
    public ObservableList<String> passwordProblems() {
        return passwordProblems;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public void touch() {
        touched = true;
        validateEmail();
    }

    private boolean validateEmail() {
        try {
            Email.parse(email.get());
            emailError.set("");
            return true;
        } catch (QodexException e) {
            emailError.set(e.getMessage());
            return false;
        }
    }

    private void checkPassword() {
        try (Secret secret = Secret.copyOf(password.get())) {
            List<String> problems = PasswordPolicy.standard().problems(secret, email.get());
            passwordProblems.setAll(problems);
        }
    }

    private boolean checkConfirmation(boolean submitting) {
        boolean matches = confirmation.get().equals(password.get());
        confirmationError.set(matches || (!submitting && confirmation.get().isEmpty()) ? "" : "The two passwords differ.");
        return matches;
    }

    public void signUp(Consumer<String> signedUp) {
        touched = true;
        boolean ok = validateEmail();
        checkPassword();
        ok &= passwordProblems.isEmpty();
        ok &= checkConfirmation(true);
        if (!ok || busy.get()) {
            if (ok) {
                return;
            }
            formError.set("Fix the marked fields first.");
            return;
        }
        busy.set(true);
        formError.set("");
        String address = email.get();
        Secret secret = Secret.copyOf(password.get());
        Tasks.run(() -> {
                    try (secret) {
                        Email created = backend.accounts().signUp(address, secret);
                        backend.relayMail();
                        return created.value();
                    }
                })
                .onSuccess(created -> {
                    forgetUsedPassword();
                    usedPassword = Secret.copyOf(password.get()); // for the verification that follows
                    password.set("");
                    confirmation.set("");
                    signedUp.accept(created);
                })
                .onError(problem -> formError.set(problem.getMessage()))
                .onFinally(() -> busy.set(false))
                .start();
    }
}
