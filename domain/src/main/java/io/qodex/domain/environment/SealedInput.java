package io.qodex.domain.environment;

/**
 * What a save does with one secret slot once new values are sealed: keep the stored ciphertext, store this one, or
 * clear it. Holds ciphertext only, never a plaintext {@link io.qodex.domain.common.Secret}.
 */
public sealed interface SealedInput {

    Keep KEEP = new Keep();
    Clear CLEAR = new Clear();

    /** Leave the stored value (if any) as it is. */
    record Keep() implements SealedInput {
    }

    /** Store this ciphertext, sealed for the slot's row. */
    record Store(SealedSecret value) implements SealedInput {
    }

    /** Remove the stored value. */
    record Clear() implements SealedInput {
    }
}
