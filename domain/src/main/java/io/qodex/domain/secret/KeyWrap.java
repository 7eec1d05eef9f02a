package io.qodex.domain.secret;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A project (or org) key of one version wrapped for one recipient: an ephemeral X25519 public key and the AES-GCM
 * sealed key (nonce ‖ ciphertext ‖ tag). The HKDF info binds scope, owner id, version and recipient. The wrapper signs
 * {@link #signedContent()} with their Ed25519 key; wraps made before signatures have none.
 */
public record KeyWrap(KeyScope scope, long ownerId, int version, long recipientUserId, byte[] ephemeralPublicKey,
                      byte[] wrappedKey, Optional<byte[]> signature, long wrappedBy) {

    public KeyWrap {
        ephemeralPublicKey = ephemeralPublicKey.clone();
        wrappedKey = wrappedKey.clone();
        signature = signature.map(byte[]::clone);
    }

    /** An unsigned wrap, before its wrapper signs it. */
    public KeyWrap(KeyScope scope, long ownerId, int version, long recipientUserId, byte[] ephemeralPublicKey,
                   byte[] wrappedKey) {
        this(scope, ownerId, version, recipientUserId, ephemeralPublicKey, wrappedKey, Optional.empty(), 0);
    }

    public KeyWrap signed(byte[] signature, long wrappedBy) {
        return new KeyWrap(scope, ownerId, version, recipientUserId, ephemeralPublicKey, wrappedKey, Optional.of(signature),
                wrappedBy);
    }

    /** What the wrapper signs: every field that decides what the recipient unwraps. */
    public byte[] signedContent() {
        Base64.Encoder b64 = Base64.getEncoder();
        return ("qodex-wrap-v1|" + scope.name().toLowerCase(Locale.ROOT) + "|" + ownerId + "|" + version + "|"
                + recipientUserId + "|" + b64.encodeToString(ephemeralPublicKey) + "|" + b64.encodeToString(wrappedKey))
                .getBytes(StandardCharsets.UTF_8);
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
    public Optional<byte[]> signature() {
        return signature.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyWrap that && scope == that.scope && ownerId == that.ownerId && version == that.version
                && recipientUserId == that.recipientUserId && wrappedBy == that.wrappedBy
                && Arrays.equals(ephemeralPublicKey, that.ephemeralPublicKey)
                && Arrays.equals(wrappedKey, that.wrappedKey)
                && Arrays.equals(signature.orElse(null), that.signature.orElse(null));
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, ownerId, version, recipientUserId);
    }

    @Override
    public String toString() {
        return "KeyWrap[" + scope + " " + ownerId + " v" + version + " for user " + recipientUserId + "]";
    }
}
