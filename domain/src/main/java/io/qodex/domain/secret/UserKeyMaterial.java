package io.qodex.domain.secret;

/**
 * A user's X25519 public key and the private key sealed under their password (Argon2id + AES-256-GCM), with the
 * KDF parameters needed to unseal it. Safe to store: nothing here is readable without the password.
 */
public record UserKeyMaterial(byte[] publicKey, byte[] sealedPrivateKey, String kdfParams) {

    public UserKeyMaterial {
        publicKey = publicKey.clone();
        sealedPrivateKey = sealedPrivateKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] sealedPrivateKey() {
        return sealedPrivateKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserKeyMaterial that
                && java.util.Arrays.equals(publicKey, that.publicKey)
                && java.util.Arrays.equals(sealedPrivateKey, that.sealedPrivateKey)
                && kdfParams.equals(that.kdfParams);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "UserKeyMaterial[" + kdfParams + "]";
    }
}
