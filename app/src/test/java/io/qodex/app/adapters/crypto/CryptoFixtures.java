package io.qodex.app.adapters.crypto;

import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.KdfParameters;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.domain.secret.PasswordKeys;
import io.qodex.domain.secret.UnlockedUserKey;
import io.qodex.domain.secret.UserKeyMaterial;

/** Key material for tests, made and opened the way sign-up and sign-in do (one Argon2id run). */
public final class CryptoFixtures {

    private CryptoFixtures() {
    }

    public static UserKeyMaterial newUserKey(KeyCrypto crypto, Secret password) {
        try (PasswordKeys keys = crypto.passwordKeys(password, crypto.freshParameters())) {
            return crypto.newUserKey(keys);
        }
    }

    public static UnlockedUserKey unlock(KeyCrypto crypto, UserKeyMaterial material, Secret password) {
        try (PasswordKeys keys = crypto.passwordKeys(password, KdfParameters.parse(material.kdfParams()))) {
            return crypto.unlock(material, keys);
        }
    }
}
