package io.qodex.domain.secret;

/** Someone who must hold the project key after a rotation (an Admin or Member with a key pair). */
public record KeyRecipient(long userId, byte[] publicKey) {

    public KeyRecipient {
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyRecipient that && userId == that.userId
                && java.util.Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(userId);
    }

    @Override
    public String toString() {
        return "KeyRecipient[" + userId + "]";
    }
}
