package io.qodex.domain.account;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.domain.secret.UnlockedUserKey;
import io.qodex.domain.secret.UserKeyMaterial;
import java.util.regex.Pattern;

/** F1: sign up, verify, sign in, change and reset passwords. */
public final class AccountService {

    private static final Pattern CODE = Pattern.compile("^[0-9]{8}$");

    private final AccountDirectory directory;
    private final SessionOpener sessions;
    private final PasswordVerifiers verifiers;
    private final KeyCrypto crypto;
    private final PasswordPolicy policy;

    public AccountService(AccountDirectory directory, SessionOpener sessions, PasswordVerifiers verifiers,
                          KeyCrypto crypto, PasswordPolicy policy) {
        this.directory = directory;
        this.sessions = sessions;
        this.verifiers = verifiers;
        this.crypto = crypto;
        this.policy = policy;
    }

    public Email signUp(String email, Secret password) {
        Email address = Email.parse(email);
        policy.check(password, address.value());
        UserKeyMaterial keys = crypto.newUserKey(password);
        directory.signUp(address, verifiers.scramSha256(password), keys);
        return address;
    }

    public void resendVerification(String email) {
        directory.resendVerification(Email.parse(email));
    }

    public void verify(String email, String code) {
        directory.verify(Email.parse(email), parseCode(code));
    }

    public SignedIn signIn(String email, Secret password) {
        Email address = Email.parse(email);
        if (password.isEmpty()) {
            throw QodexException.invalid("password", "Enter your password.");
        }
        UserSession session = sessions.open(address, password);
        try {
            UnlockedUserKey key = crypto.unlock(session.sealedKey(), password);
            return new SignedIn(session, key);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    public void changePassword(SignedIn user, Secret newPassword) {
        policy.check(newPassword, user.account().email().value());
        UserKeyMaterial resealed = crypto.reseal(user.key(), newPassword);
        user.session().changePassword(verifiers.scramSha256(newPassword), resealed, newPassword);
    }

    public void requestPasswordReset(String email) {
        directory.requestPasswordReset(Email.parse(email));
    }

    /**
     * Sets a new password with an emailed code. The old private key cannot be recovered, so a new key pair is made
     * and the user's projects wait for an Admin to share their keys again (SECURITY.md layer 3).
     */
    public void resetPassword(String email, String code, Secret newPassword) {
        Email address = Email.parse(email);
        String checkedCode = parseCode(code);
        policy.check(newPassword, address.value());
        UserKeyMaterial keys = crypto.newUserKey(newPassword);
        directory.resetPassword(address, checkedCode, verifiers.scramSha256(newPassword), keys);
    }

    private static String parseCode(String code) {
        String trimmed = code == null ? "" : code.strip();
        if (!CODE.matcher(trimmed).matches()) {
            throw QodexException.invalid("code", "The code is the 8 digits from the mail.");
        }
        return trimmed;
    }
}
