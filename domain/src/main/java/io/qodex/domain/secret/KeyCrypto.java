package io.qodex.domain.secret;

import io.qodex.domain.common.Secret;

/**
 * The cryptography of SECURITY.md layer 3, implemented outside the domain (Bouncy Castle and the JDK). Every
 * failure to open something (wrong password, tampered value, wrong row) is a {@code QodexException} with a clear
 * message, never garbage.
 */
public interface KeyCrypto {

    /** A fresh X25519 key pair with the private key sealed under an Argon2id key derived from the password. */
    UserKeyMaterial newUserKey(Secret password);

    /** Unseals the private key; a wrong password is an AUTHENTICATION problem. */
    UnlockedUserKey unlock(UserKeyMaterial material, Secret password);

    /** Seals the same private key under a new password (password change). */
    UserKeyMaterial reseal(UnlockedUserKey key, Secret newPassword);

    SymmetricKey newSymmetricKey(int version);

    KeyWrap wrap(SymmetricKey key, KeyScope scope, long ownerId, long recipientUserId, byte[] recipientPublicKey);

    SymmetricKey unwrap(KeyWrap wrap, UnlockedUserKey recipientKey);

    /** AES-256-GCM under the key with the associated data; returns {@code v1.<version>.<base64(nonce‖ct‖tag)>}. */
    String encrypt(SymmetricKey key, String associatedData, Secret plaintext);

    Secret decrypt(SymmetricKey key, String associatedData, String stored);

    /** The key version a stored value names, or an INTEGRITY problem if the value is not in the v1 format. */
    int versionOf(String stored);
}
