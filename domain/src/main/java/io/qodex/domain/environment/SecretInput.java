package io.qodex.domain.environment;

import io.qodex.domain.common.Secret;

/**
 * What an edit does with one secret slot: keep what is stored, replace it with a new value, or clear it. The draft
 * that holds a {@link Replace} owns its {@link Secret} and wipes it when it is done.
 */
public sealed interface SecretInput {

    Keep KEEP = new Keep();
    Clear CLEAR = new Clear();

    /** Leave the stored value (if any) as it is. */
    record Keep() implements SecretInput {
    }

    /** Store this value (encrypted) instead. */
    record Replace(Secret value) implements SecretInput {
    }

    /** Remove the stored value. */
    record Clear() implements SecretInput {
    }

    static SecretInput replace(Secret value) {
        return new Replace(value);
    }
}
