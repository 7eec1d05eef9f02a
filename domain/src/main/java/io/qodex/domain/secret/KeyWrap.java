package io.qodex.domain.secret;

/**
 * A project (or org) key of one version wrapped for one recipient: an ephemeral X25519 public key and the AES-GCM
 * sealed key (nonce ‖ ciphertext ‖ tag). The HKDF info binds scope, owner id, version and recipient.
 */
public record KeyWrap(KeyScope scope, long ownerId, int version, long recipientUserId, byte[] ephemeralPublicKey,
                      byte[] wrappedKey) {

    public KeyWrap {
        ephemeralPublicKey = ephemeralPublicKey.clone();
        wrappedKey = wrappedKey.clone();
    }

    @Override
    public byte[] ephemeralPublicKey() {
        return ephemeralPublicKey.clone();
    }

    @Override
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyWrap that && scope == that.scope && ownerId == that.ownerId && version == that.version
                && recipientUserId == that.recipientUserId
                && java.util.Arrays.equals(ephemeralPublicKey, that.ephemeralPublicKey)
                && java.util.Arrays.equals(wrappedKey, that.wrappedKey);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(scope, ownerId, version, recipientUserId);
    }

    @Override
    public String toString() {
        return "KeyWrap[" + scope + " " + ownerId + " v" + version + " for user " + recipientUserId + "]";
    }
}
