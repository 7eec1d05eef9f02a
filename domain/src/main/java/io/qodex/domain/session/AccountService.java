package io.qodex.domain.session;

import io.qodex.domain.account.OneTimeCode;
import io.qodex.domain.account.Email;
import io.qodex.domain.account.PasswordPolicy;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.KdfParameters;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.domain.secret.PasswordKeys;
import io.qodex.domain.secret.UnlockedUserKey;
import io.qodex.domain.secret.UserKeyMaterial;
import java.util.Optional;

/**
 * Sign up, verify, sign in, change and reset passwords. One Argon2id run over the password gives both the PostgreSQL
 * password and the key that seals the private keys (docs/security.md, "Passwords"); accounts of the earlier scheme move
 * to it at their next sign-in.
 */
public final class AccountService {

    private final AccountDirectory directory;
    private final SessionOpener sessions;
    private final PasswordVerifiers verifiers;
    private final KeyCrypto crypto;
    private final PasswordPolicy policy;
    private final KnownLoginParameters known;

    public AccountService(AccountDirectory directory, SessionOpener sessions, PasswordVerifiers verifiers,
                          KeyCrypto crypto, PasswordPolicy policy, KnownLoginParameters known) {
        this.directory = directory;
        this.sessions = sessions;
        this.verifiers = verifiers;
        this.crypto = crypto;
        this.policy = policy;
        this.known = known;
    }

    /**
     * Creates the account; the verification code goes to the address. For an address that has an account, its owner
     * gets a mail instead and this answers the same.
     */
    public Email signUp(String email, Secret password) {
        Email address = Email.parse(email);
        policy.check(password, address.value());
        try (PasswordKeys keys = crypto.passwordKeys(password, crypto.freshParameters())) {
            UserKeyMaterial material = crypto.newUserKey(keys);
            directory.signUp(address, verifiers.scramSha256(keys.loginPassword()), material);
        }
        return address;
    }

    public void resendVerification(String email) {
        directory.resendVerification(Email.parse(email));
    }

    /**
     * Verifies and makes the password the account's: new key pairs sealed with it, the login derived from it. Whoever
     * reads the mailbox owns the account, whoever called sign-up first (docs/security.md, "Accounts").
     */
    public void verify(String email, String code, Secret password) {
        Email address = Email.parse(email);
        OneTimeCode checked = OneTimeCode.parse(code);
        policy.check(password, address.value());
        try (PasswordKeys keys = crypto.passwordKeys(password, crypto.freshParameters())) {
            UserKeyMaterial material = crypto.newUserKey(keys);
            directory.verifyAs(address, checked.value(), verifiers.scramSha256(keys.loginPassword()), material);
        }
    }

    /**
     * Signs in with the parameters this computer remembers for the address, if any, without asking the database as
     * the sign-up login; when they are refused (a wrong password, or a new password set on another computer) the
     * database's current parameters decide.
     */
    public SignedIn signIn(String email, Secret password) {
        Email address = Email.parse(email);
        if (password.isEmpty()) {
            throw QodexException.invalid("password", "Enter your password.");
        }
        Optional<KnownLoginParameters.Remembered> remembered = known.recall(address);
        Optional<String> role = remembered.map(KnownLoginParameters.Remembered::role);
        QodexException refused = null;
        if (remembered.isPresent()) {
            try {
                return signInWith(address, password, remembered.get().parameters(), role);
            } catch (QodexException e) {
                if (e.problem() != Problem.AUTHENTICATION && e.problem() != Problem.INVALID_INPUT) {
                    throw e;
                }
                refused = e;
            }
        }
        String current = directory.loginParameters(address);
        if (refused != null && current.equals(remembered.get().parameters())) {
            throw refused; // the same parameters again would be refused again
        }
        return signInWith(address, password, current, role);
    }

    private SignedIn signInWith(Email address, Secret password, String parametersText, Optional<String> role) {
        KdfParameters parameters = KdfParameters.parse(parametersText);
        if (parameters.legacy()) {
            return signInAndUpgrade(address, password);
        }
        try (PasswordKeys keys = crypto.passwordKeys(password, parameters)) {
            UserSession session = sessions.open(address, role, keys.loginPassword());
            try {
                SignedIn signedIn = new SignedIn(session, crypto.unlock(session.sealedKey(), keys));
                remember(session, parametersText);
                return signedIn;
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        }
    }

    private void remember(UserSession session, String parameters) {
        known.remember(session.account().email(), new KnownLoginParameters.Remembered(session.account().roleName(),
                parameters));
    }

    /**
     * An account of the earlier scheme (its PostgreSQL password was the password itself): sign in with it once, then
     * move it to a derived login password and reseal its keys, with a new signing key, in one statement.
     */
    private SignedIn signInAndUpgrade(Email address, Secret password) {
        UserSession session = sessions.open(address, password);
        try {
            UnlockedUserKey key = crypto.unlockLegacy(session.sealedKey(), password);
            try (PasswordKeys keys = crypto.passwordKeys(password, crypto.freshParameters())) {
                UserKeyMaterial resealed = crypto.reseal(key, keys);
                session.changePassword(verifiers.scramSha256(keys.loginPassword()), resealed, keys.loginPassword());
                remember(session, resealed.kdfParams());
            }
            return new SignedIn(session, key);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    public void changePassword(SignedIn user, Secret newPassword) {
        policy.check(newPassword, user.account().email().value());
        try (PasswordKeys keys = crypto.passwordKeys(newPassword, crypto.freshParameters())) {
            UserKeyMaterial resealed = crypto.reseal(user.key(), keys);
            user.session().changePassword(verifiers.scramSha256(keys.loginPassword()), resealed, keys.loginPassword());
            remember(user.session(), resealed.kdfParams());
        }
    }

    /**
     * The account's own PostgreSQL password (derived from the password), for {@code qodex db psql-url}: psql and other
     * tools then run as the user, under the same row-level security.
     */
    public Secret databasePassword(String email, Secret password) {
        Email address = Email.parse(email);
        KdfParameters parameters = KdfParameters.parse(directory.loginParameters(address));
        if (parameters.legacy()) {
            signIn(email, password).close(); // upgrades the account; its parameters are new from here on
            parameters = KdfParameters.parse(directory.loginParameters(address));
        }
        try (PasswordKeys keys = crypto.passwordKeys(password, parameters)) {
            sessions.open(address, keys.loginPassword()).close(); // a wrong password fails here, as a sign-in would
            return keys.loginPassword().copy();
        }
    }

    public void requestPasswordReset(String email) {
        directory.requestPasswordReset(Email.parse(email));
    }

    /**
     * Sets a new password with an emailed code. The old private keys cannot be recovered, so new key pairs are made:
     * the user's projects wait until an Admin confirms their new fingerprint.
     */
    public void resetPassword(String email, String code, Secret newPassword) {
        Email address = Email.parse(email);
        OneTimeCode checkedCode = OneTimeCode.parse(code);
        policy.check(newPassword, address.value());
        try (PasswordKeys keys = crypto.passwordKeys(newPassword, crypto.freshParameters())) {
            UserKeyMaterial material = crypto.newUserKey(keys);
            directory.resetPassword(address, checkedCode.value(), verifiers.scramSha256(keys.loginPassword()), material);
        }
    }
}
