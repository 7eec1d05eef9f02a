package io.qodex.app.adapters.crypto;

import io.qodex.domain.secret.UnlockedUserKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * A user's unsealed private keys: X25519 (raw 32 bytes) for key wraps and the Ed25519 seed for signatures, with their
 * public keys; wiped on close (sign-out). An account of the earlier scheme has no signing key until its upgrade gives
 * it one ({@link #ensureSigningKey}).
 */
final class X25519UserKey implements UnlockedUserKey {

    private final byte[] privateKey;
    private final byte[] publicKey;
    private byte[] signingSeed;
    private byte[] signingPublicKey;
    private volatile boolean wiped;

    X25519UserKey(byte[] privateKey, byte[] publicKey, byte[] signingSeed, byte[] signingPublicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey.clone();
        this.signingSeed = signingSeed;
        this.signingPublicKey = signingPublicKey == null ? null : signingPublicKey.clone();
    }

    byte[] privateKey() {
        requireLive();
        return privateKey;
    }

    synchronized byte[] signingSeed() {
        requireLive();
        if (signingSeed == null) {
            throw new IllegalStateException("this account has no signing key yet");
        }
        return signingSeed;
    }

    synchronized boolean hasSigningKey() {
        return signingSeed != null;
    }

    /** Gives an account of the earlier scheme its signing key (once; resealing stores it). */
    synchronized void ensureSigningKey(java.security.SecureRandom random) {
        if (signingSeed == null) {
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(random);
            signingSeed = key.getEncoded();
            signingPublicKey = key.generatePublicKey().getEncoded();
        }
    }

    private void requireLive() {
        if (wiped) {
            throw new IllegalStateException("key was wiped (signed out)");
        }
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public synchronized byte[] signingPublicKey() {
        if (signingPublicKey == null) {
            throw new IllegalStateException("this account has no signing key yet");
        }
        return signingPublicKey.clone();
    }

    @Override
    public synchronized void close() {
        Arrays.fill(privateKey, (byte) 0);
        if (signingSeed != null) {
            Arrays.fill(signingSeed, (byte) 0);
        }
        wiped = true;
    }

    @Override
    public String toString() {
        return "X25519UserKey[****]";
    }
}
