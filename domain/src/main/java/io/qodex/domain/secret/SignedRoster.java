package io.qodex.domain.secret;

import java.util.Arrays;

/** A roster as stored: its canonical body, the Ed25519 signature over it, and who signed (stamped by the database). */
public record SignedRoster(KeyScope scope, long ownerId, int epoch, byte[] body, byte[] signature, long signerId) {

    public SignedRoster {
        body = body.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedRoster that && scope == that.scope && ownerId == that.ownerId
                && epoch == that.epoch && signerId == that.signerId && Arrays.equals(body, that.body)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "SignedRoster[" + scope + " " + ownerId + " epoch " + epoch + " by " + signerId + "]";
    }
}
