package io.qodex.domain.environment;

import io.qodex.domain.common.Secret;
import java.util.OptionalLong;

/**
 * A variable being edited. {@code id} is the stored row it edits (empty for a new one). A plain variable uses
 * {@code plainValue}; a secret one uses {@code secretValue} (keep what is stored, replace, or clear).
 */
public record VariableDraft(OptionalLong id, String name, boolean secret, String plainValue, SecretInput secretValue) {

    public static VariableDraft plain(String name, String value) {
        return new VariableDraft(OptionalLong.empty(), name, false, value, SecretInput.KEEP);
    }

    /** A new secret variable; the draft owns the secret. */
    public static VariableDraft secret(String name, Secret value) {
        return new VariableDraft(OptionalLong.empty(), name, true, "", SecretInput.replace(value));
    }

    public static VariableDraft of(Variable stored) {
        return new VariableDraft(OptionalLong.of(stored.id()), stored.name().value(), stored.secret(),
                stored.plainValue().orElse(""), SecretInput.KEEP);
    }

    public VariableDraft withPlainValue(String value) {
        return new VariableDraft(id, name, false, value, SecretInput.KEEP);
    }

    public VariableDraft withSecretValue(Secret value) {
        return new VariableDraft(id, name, true, "", SecretInput.replace(value));
    }

    @Override
    public String toString() {
        return "VariableDraft[" + name + (secret ? " (secret)" : "") + "]";
    }
}
