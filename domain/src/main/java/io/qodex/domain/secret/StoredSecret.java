package io.qodex.domain.secret;

/** One stored ciphertext and where it lives (for re-encryption on rotation). */
public record StoredSecret(SecretField field, long ownerId, long rowId, String ciphertext) {

    @Override
    public String toString() {
        return "StoredSecret[" + field.qualifiedName() + " row " + rowId + "]";
    }
}
