package io.qodex.domain.secret;

/** A member who should hold a key (version) but has no wrap of it yet, with their public key. */
public record PendingShare(KeyScope scope, long ownerId, int version, long userId, byte[] publicKey) {

    public PendingShare {
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingShare that && scope == that.scope && ownerId == that.ownerId
                && version == that.version && userId == that.userId;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(scope, ownerId, version, userId);
    }

    @Override
    public String toString() {
        return "PendingShare[" + scope + " " + ownerId + " v" + version + " for user " + userId + "]";
    }
}
