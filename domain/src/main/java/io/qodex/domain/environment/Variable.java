package io.qodex.domain.environment;

import java.util.Optional;

/**
 * A custom variable as stored. A plain variable has its value; a secret one has only ciphertext (empty while no
 * value was set, e.g. after an import that left secrets out). Secret values are literals, plain ones templates that
 * may refer to other variables.
 */
public record Variable(long id, VariableName name, boolean secret, Optional<String> plainValue,
                       Optional<SealedSecret> sealedValue) {

    public static final int MAX_VALUE_LENGTH = 10_000;

    public boolean hasValue() {
        return secret ? sealedValue.isPresent() : plainValue.isPresent();
    }

    /** What listings show: the plain value, or a mask (secrets are read only on reveal). */
    public String display() {
        if (secret) {
            return sealedValue.isPresent() ? Masks.STORED : "(not set)";
        }
        return plainValue.orElse("");
    }
}
