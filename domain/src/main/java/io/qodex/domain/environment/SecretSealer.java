package io.qodex.domain.environment;

import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.SecretField;

/**
 * Encrypts a secret for the row it will be stored in; the row's id is part of the associated data, so it is known
 * (allocated) before anything is sealed. Returns the ciphertext to store.
 */
@FunctionalInterface
public interface SecretSealer {

    String seal(SecretField field, long rowId, Secret value);
}
