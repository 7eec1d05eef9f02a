package io.qodex.app.account;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Backend;
import io.qodex.domain.account.Email;
import io.qodex.domain.account.PasswordPolicy;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Forgot password: ask for a code by mail, then set a new password with it. */
public final class ForgotPasswordViewModel {

    private final Backend backend;
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty code = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper("");
    private final ObservableList<String> passwordProblems = FXCollections.observableArrayList();
    private final BooleanProperty codeSent = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);

    public ForgotPasswordViewModel(Backend backend) {
        this.backend = backend;
        password.addListener((obs, old, now) -> {
            try (Secret secret = Secret.copyOf(now)) {
                passwordProblems.setAll(PasswordPolicy.standard().problems(secret, email.get()));
            }
        });
        email.addListener((obs, old, now) -> error.set(""));
        code.addListener((obs, old, now) -> error.set(""));
    }

    public StringProperty emailProperty() {
        return email;
    }

    public StringProperty codeProperty() {
        return code;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ObservableList<String> passwordProblems() {
        return passwordProblems;
    }

    public BooleanProperty codeSentProperty() {
        return codeSent;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public void requestCode() {
        try {
            Email.parse(email.get());
        } catch (QodexException e) {
            error.set(e.getMessage());
            return;
        }
        busy.set(true);
        String address = email.get();
        Tasks.run(() -> {
                    backend.accounts().requestPasswordReset(address);
                    backend.relayMail();
                })
                .onSuccess(done -> {
                    codeSent.set(true);
                    info.set("If an account exists for " + address.strip() + ", a reset code is on its way.");
                })
                .onError(problem -> error.set(problem.getMessage()))
                .onFinally(() -> busy.set(false))
                .start();
    }

    public void reset(Runnable done) {
        if (!passwordProblems.isEmpty() || password.get().isEmpty()) {
            error.set(password.get().isEmpty() ? "Choose a new password." : "The new password breaks a rule shown below it.");
            return;
        }
        busy.set(true);
        String address = email.get();
        String typedCode = code.get();
        Secret secret = Secret.copyOf(password.get());
        Tasks.run(() -> {
                    try (secret) {
                        backend.accounts().resetPassword(address, typedCode, secret);
                    }
                })
                .onSuccess(ignored -> {
                    password.set("");
                    code.set("");
                    codeSent.set(false);
                    done.run();
                })
                .onError(problem -> error.set(problem.getMessage()))
                .onFinally(() -> busy.set(false))
                .start();
    }
}
