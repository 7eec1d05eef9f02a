package io.qodex.domain.session;

import io.qodex.domain.account.Email;
import io.qodex.domain.secret.UserKeyMaterial;

/**
 * The account functions reachable before sign-in, through the low-privilege sign-up login. The server never sees a
 * password: only a SCRAM verifier of the password-derived login secret, computed on the client. Answers do not tell
 * whether an address has an account.
 */
public interface AccountDirectory {

    /** The key-derivation parameters of an address (made-up ones of the same shape for an unknown address). */
    String loginParameters(Email email);

    void signUp(Email email, String scramVerifier, UserKeyMaterial keys);

    void resendVerification(Email email);

    /** Verifies with the code and sets the credentials of whoever presents it (the mailbox's owner). */
    void verifyAs(Email email, String code, String scramVerifier, UserKeyMaterial keys);

    void requestPasswordReset(Email email);

    void resetPassword(Email email, String code, String scramVerifier, UserKeyMaterial keys);
}
