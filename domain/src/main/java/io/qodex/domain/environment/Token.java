package io.qodex.domain.environment;

import io.qodex.domain.common.Secret;

/** A token for one auth profile and where it came from. Closing it wipes the value. */
public record Token(Secret value, TokenSource source) implements AutoCloseable {

    public String masked() {
        return Masks.lastFour(value);
    }

    @Override
    public void close() {
        value.close();
    }

    @Override
    public String toString() {
        return "Token[" + source.label() + ", ****]";
    }
}
