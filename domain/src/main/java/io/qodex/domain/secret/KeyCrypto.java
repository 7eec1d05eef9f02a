package io.qodex.domain.secret;

import io.qodex.domain.common.Secret;

/**
 * The cryptography of docs/security.md ("Secrets"), implemented outside the domain (Bouncy Castle and the JDK). Every
 * failure to open something (wrong password, tampered value, wrong row) is a {@code QodexException} with a clear
 * message, never garbage.
 */
public interface KeyCrypto {

    /** Parameters with a fresh salt, at this client's strength (never below the minimum). */
    KdfParameters freshParameters();

    /** One Argon2id run over the password: the login password and the sealing key (v2 parameters only). */
    PasswordKeys passwordKeys(Secret password, KdfParameters parameters);

    /** Fresh X25519 and Ed25519 key pairs, the private keys sealed under the password's sealing key. */
    UserKeyMaterial newUserKey(PasswordKeys keys);

    /** Unseals the private keys; a wrong password is an AUTHENTICATION problem. */
    UnlockedUserKey unlock(UserKeyMaterial material, PasswordKeys keys);

    /** Unseals an account of the legacy scheme (sealing key = Argon2id of the password alone, no signing key). */
    UnlockedUserKey unlockLegacy(UserKeyMaterial material, Secret password);

    /**
     * Seals the same private keys under new password keys (password change, or the upgrade of a legacy account, which
     * gains a signing key here: the returned material and the key then carry it).
     */
    UserKeyMaterial reseal(UnlockedUserKey key, PasswordKeys newKeys);

    SymmetricKey newSymmetricKey(int version);

    /** Wraps the key for a recipient and signs the wrap with the wrapper's signing key. */
    KeyWrap wrap(SymmetricKey key, KeyScope scope, long ownerId, long recipientUserId, byte[] recipientPublicKey,
                 UnlockedUserKey wrapper);

    SymmetricKey unwrap(KeyWrap wrap, UnlockedUserKey recipientKey);

    /** A commitment to a key that reveals nothing of it: HMAC-SHA-256 under the key over its scope, owner and version. */
    byte[] commitment(SymmetricKey key, KeyScope scope, long ownerId);

    /** Ed25519 signature with the user's signing key. */
    byte[] sign(UnlockedUserKey key, byte[] message);

    boolean verify(byte[] signingPublicKey, byte[] message, byte[] signature);

    /** AES-256-GCM under the key with the associated data; returns {@code v1.<version>.<base64(nonce‖ct‖tag)>}. */
    String encrypt(SymmetricKey key, String associatedData, Secret plaintext);

    Secret decrypt(SymmetricKey key, String associatedData, String stored);

    /**
     * The key pair of an API key (X25519 for its wrap, Ed25519), derived from the key's secret with HKDF-SHA-256: the
     * key's holder makes the same pair again from the key alone. The caller closes it.
     */
    UnlockedUserKey apiKeyPair(Secret keySecret);

    /** HMAC-SHA-256 under a key derived from an API key's secret: only the key's holder and its minter can make it. */
    byte[] apiKeyMac(Secret keySecret, byte[] message);

    /**
     * An API key's database password: HKDF of its secret (base64url), never the secret itself, so that a server that
     * asks for the password in clear (a database administrator can configure that) learns nothing it can derive the
     * key pair from.
     */
    Secret apiKeyLoginPassword(Secret keySecret);

    /** A key for what an API key's holder keeps in its own files (cached tokens), derived from the key's secret. */
    SymmetricKey apiKeyLocalKey(Secret keySecret);

    /** The key version a stored value names, or an INTEGRITY problem if the value is not in the v1 format. */
    int versionOf(String stored);
}
