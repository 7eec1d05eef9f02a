package io.qodex.domain.account;

import io.qodex.domain.secret.UserKeyMaterial;

/**
 * The account functions reachable before sign-in, through the low-privilege sign-up login (SECURITY.md layer 1).
 * The server never sees a plaintext password: only a SCRAM verifier computed on the client.
 */
public interface AccountDirectory {

    void signUp(Email email, String scramVerifier, UserKeyMaterial keys);

    void resendVerification(Email email);

    void verify(Email email, String code);

    void requestPasswordReset(Email email);

    void resetPassword(Email email, String code, String scramVerifier, UserKeyMaterial keys);
}
