package io.qodex.domain.secret;

import java.util.Arrays;
import java.util.Optional;

/**
 * A user's public keys (X25519, Ed25519) and the private keys sealed under their password (Argon2id + AES-256-GCM),
 * with the KDF parameters needed to unseal them. Safe to store: nothing here is readable without the password.
 * Accounts made before signatures have no signing key until their next sign-in.
 */
public record UserKeyMaterial(byte[] publicKey, Optional<byte[]> signingPublicKey, byte[] sealedPrivateKey,
                              String kdfParams) {

    public UserKeyMaterial {
        publicKey = publicKey.clone();
        signingPublicKey = signingPublicKey.map(byte[]::clone);
        sealedPrivateKey = sealedPrivateKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public Optional<byte[]> signingPublicKey() {
        return signingPublicKey.map(byte[]::clone);
    }

    @Override
    public byte[] sealedPrivateKey() {
        return sealedPrivateKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserKeyMaterial that
                && Arrays.equals(publicKey, that.publicKey)
                && Arrays.equals(signingPublicKey.orElse(null), that.signingPublicKey.orElse(null))
                && Arrays.equals(sealedPrivateKey, that.sealedPrivateKey)
                && kdfParams.equals(that.kdfParams);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "UserKeyMaterial[" + kdfParams.replaceAll("salt=.*", "salt=…") + "]";
    }
}
