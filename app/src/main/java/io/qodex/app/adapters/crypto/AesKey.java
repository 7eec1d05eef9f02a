package io.qodex.app.adapters.crypto;

import io.qodex.domain.secret.SymmetricKey;
import java.util.Arrays;

/** A 256-bit project or organization key of one version; wiped on close. */
final class AesKey implements SymmetricKey {

    private final byte[] bytes;
    private final int version;
    private volatile boolean wiped;

    AesKey(byte[] bytes, int version) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes");
        }
        this.bytes = bytes;
        this.version = version;
    }

    byte[] bytes() {
        if (wiped) {
            throw new IllegalStateException("key was wiped (signed out)");
        }
        return bytes;
    }

    @Override
    public int version() {
        return version;
    }

    @Override
    public void close() {
        Arrays.fill(bytes, (byte) 0);
        wiped = true;
    }

    @Override
    public String toString() {
        return "AesKey[v" + version + " ****]";
    }
}
