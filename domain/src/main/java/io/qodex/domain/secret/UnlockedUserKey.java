package io.qodex.domain.secret;

/**
 * A user's private keys after unsealing (X25519 for key wraps, Ed25519 for signatures), held by the crypto adapter. The
 * domain only passes it around; {@link #close()} wipes it (on sign-out).
 */
public interface UnlockedUserKey extends AutoCloseable {

    byte[] publicKey();

    byte[] signingPublicKey();

    @Override
    void close();
}
