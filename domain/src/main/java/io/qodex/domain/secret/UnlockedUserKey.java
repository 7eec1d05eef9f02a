package io.qodex.domain.secret;

/**
 * A user's private key after unsealing, held by the crypto adapter. The domain only passes it around; {@link #close()}
 * wipes it (on sign-out).
 */
public interface UnlockedUserKey extends AutoCloseable {

    byte[] publicKey();

    @Override
    void close();
}
