package io.qodex.app.account;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.account.Email;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Sign-in: email format checked as you type (once touched), server errors as sentences, work off the FX thread. */
public final class SignInViewModel {

    private final Backend backend;
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper emailError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper passwordError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper("");
    private final StringProperty info = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty touched = new SimpleBooleanProperty(false);

    public SignInViewModel(Backend backend, String lastEmail) {
        this.backend = backend;
        email.set(lastEmail);
        email.addListener((obs, old, now) -> {
            if (touched.get()) {
                validateEmail();
            }
            formError.set("");
        });
        password.addListener((obs, old, now) -> {
            passwordError.set("");
            formError.set("");
        });
    }

    public StringProperty emailProperty() {
        return email;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public ReadOnlyStringProperty emailErrorProperty() {
        return emailError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty passwordErrorProperty() {
        return passwordError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    public StringProperty infoProperty() {
        return info;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public void touch() {
        touched.set(true);
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

    public void signIn(Consumer<Workspace> signedIn) {
        touched.set(true);
        boolean ok = validateEmail();
        if (password.get().isEmpty()) {
            passwordError.set("Enter your password.");
            ok = false;
        }
        if (!ok || busy.get()) {
            return;
        }
        String address = email.get();
        start(address, Secret.copyOf(password.get()), signedIn, () -> { });
    }

    /**
     * Signs in right after the address was verified with {@code secret} (the password typed at sign-up or sign-in,
     * held in memory only, closed here); {@code refused} shows the sign-in page, with the reason.
     */
    public void signInVerified(String address, Secret secret, Consumer<Workspace> signedIn, Runnable refused) {
        email.set(address);
        start(address, secret, signedIn, refused);
    }

    private void start(String address, Secret secret, Consumer<Workspace> signedIn, Runnable refused) {
        busy.set(true);
        formError.set("");
        info.set(""); // a notice of the previous step (verified, password changed) is not this attempt's
        Tasks.run(() -> {
                    try (secret) {
                        Workspace workspace = backend.signIn(address, secret);
                        workspace.completePendingKeyWork();
                        return workspace;
                    }
                })
                .onSuccess(workspace -> {
                    password.set("");
                    signedIn.accept(workspace);
                })
                .onError(problem -> {
                    refused.run();
                    formError.set(problem.getMessage());
                })
                .onFinally(() -> busy.set(false))
                .start();
    }
}
