package io.qodex.app.crypto;

import io.qodex.domain.secret.UnlockedUserKey;
import java.util.Arrays;

/** A user's unsealed X25519 private key (raw 32 bytes) with its public key; wiped on close (sign-out). */
final class X25519UserKey implements UnlockedUserKey {

    private final byte[] privateKey;
    private final byte[] publicKey;
    private volatile boolean wiped;

    X25519UserKey(byte[] privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey.clone();
    }

    byte[] privateKey() {
        if (wiped) {
            throw new IllegalStateException("key was wiped (signed out)");
        }
        return privateKey;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public void close() {
        Arrays.fill(privateKey, (byte) 0);
        wiped = true;
    }

    @Override
    public String toString() {
        return "X25519UserKey[****]";
    }
}
