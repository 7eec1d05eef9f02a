package io.qodex.app.account;

import io.qodex.domain.account.OneTimeCode;

import io.qodex.domain.common.QodexException;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Backend;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.util.Duration;

/** The verification-code step: the 12-character code (XXXX-XXXX-XXXX, any case), resend with a one-minute cool-down. */
public final class VerifyViewModel {

    private final Backend backend;
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty code = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper codeError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final IntegerProperty resendIn = new SimpleIntegerProperty(60);
    private final Timeline countdown = new Timeline(new KeyFrame(Duration.seconds(1),
            e -> resendIn.set(Math.max(0, resendIn.get() - 1))));

    public VerifyViewModel(Backend backend) {
        this.backend = backend;
        countdown.setCycleCount(Timeline.INDEFINITE);
        code.addListener((obs, old, now) -> codeError.set(""));
    }

    /** The password typed at sign-up or sign-in, kept until the address is verified (it becomes the account's). */
    private io.qodex.domain.common.@org.jspecify.annotations.Nullable Secret password;

    private final StringProperty typedPassword = new SimpleStringProperty("");
    private final BooleanProperty needsPassword = new SimpleBooleanProperty(true);

    /** Asked on the page when none was typed just before (the page was opened from the sign-in link). */
    public StringProperty typedPasswordProperty() {
        return typedPassword;
    }

    public BooleanProperty needsPasswordProperty() {
        return needsPassword;
    }

    /**
     * Verifies {@code address}; with the password typed just before, verifying makes it the account's password, so the
     * account belongs to whoever reads the mailbox even if someone else signed the address up first.
     */
    public void start(String address, io.qodex.domain.common.@org.jspecify.annotations.Nullable Secret typed) {
        forgetPassword();
        password = typed;
        typedPassword.set("");
        needsPassword.set(typed == null);
        email.set(address);
        code.set("");
        info.set("We sent a code (XXXX-XXXX-XXXX) to " + address + ".");
        resendIn.set(60);
        countdown.playFromStart();
    }

    public StringProperty emailProperty() {
        return email;
    }

    public StringProperty codeProperty() {
        return code;
    }

    public ReadOnlyStringProperty codeErrorProperty() {
        return codeError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public IntegerProperty resendInProperty() {
        return resendIn;
    }

    /**
     * Verifies the code; once verified, {@code verified} gets the address and the password it was verified with (a
     * copy in memory only, for signing in at once; the receiver closes it).
     */
    public void verify(java.util.function.BiConsumer<String, io.qodex.domain.common.Secret> verified) {
        String typed = code.get().strip();
        try {
            OneTimeCode.parse(typed);
        } catch (QodexException e) {
            codeError.set(e.getMessage());
            return;
        }
        String address = email.get();
        if (password == null && typedPassword.get().isEmpty()) {
            codeError.set("Enter your password too: verifying makes it the account's.");
            return;
        }
        busy.set(true);
        io.qodex.domain.common.Secret with = password != null ? password.copy()
                : io.qodex.domain.common.Secret.copyOf(typedPassword.get());
        io.qodex.domain.common.Secret signInWith = with.copy();
        Tasks.run(() -> {
                    try (with) {
                        backend.accounts().verify(address, typed, with);
                    }
                })
                .onSuccess(done -> {
                    countdown.stop();
                    forgetPassword();
                    typedPassword.set("");
                    verified.accept(address, signInWith);
                })
                .onError(problem -> {
                    signInWith.close();
                    codeError.set(problem.getMessage());
                })
                .onFinally(() -> busy.set(false))
                .start();
    }

    /** The page is left unverified: the password typed for it is forgotten. */
    public void leave() {
        countdown.stop();
        forgetPassword();
    }

    private void forgetPassword() {
        if (password != null) {
            password.close();
            password = null;
        }
    }

    public void resend() {
        if (resendIn.get() > 0) {
            return;
        }
        String address = email.get();
        Tasks.run(() -> {
                    backend.accounts().resendVerification(address);
                    backend.relayMail();
                })
                .onSuccess(done -> {
                    info.set("A new code is on its way to " + address + ".");
                    resendIn.set(60);
                })
                .onError(problem -> codeError.set(problem.getMessage()))
                .start();
    }
}
