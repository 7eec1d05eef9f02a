package io.qodex.domain.environment;

/**
 * A secret as stored: ciphertext under the project key ({@code v1.<version>.<base64>}), bound to its column and
 * row. Opening it takes the project key ({@link EnvironmentService#reveal}); printing it shows nothing.
 */
public record SealedSecret(String ciphertext) {

    @Override
    public String toString() {
        return "SealedSecret[****]";
    }
}
