package io.qodex.domain.environment;

import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.SecretField;

/**
 * Encrypts a secret for its row, called by the repository inside the saving transaction once the row has its id
 * (the id is part of the associated data). Returns the ciphertext to store.
 */
@FunctionalInterface
public interface SecretSealer {

    String seal(SecretField field, long rowId, Secret value);
}
