package io.qodex.domain.secret;

import java.util.Optional;

/**
 * The latest roster of each chain this computer verified for the signed-in user, kept where a database administrator
 * cannot reach (the user's own files). It backs the pin in the database, which an administrator can delete.
 */
public interface LocalPins {

    /** Nothing kept (tests, or a client without a home). */
    LocalPins NONE = new LocalPins() {
        @Override
        public Optional<Pinned> get(KeyScope scope, long ownerId) {
            return Optional.empty();
        }

        @Override
        public void put(KeyScope scope, long ownerId, Pinned pinned) {
        }
    };

    /** A verified roster: its epoch and hash. */
    record Pinned(int epoch, byte[] head) {

        public Pinned {
            head = head.clone();
        }

        @Override
        public byte[] head() {
            return head.clone();
        }
    }

    Optional<Pinned> get(KeyScope scope, long ownerId);

    /** Keeps the pin unless a later epoch is kept already. */
    void put(KeyScope scope, long ownerId, Pinned pinned);
}
