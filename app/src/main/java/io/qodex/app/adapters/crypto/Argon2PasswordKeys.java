package io.qodex.app.adapters.crypto;

import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.KdfParameters;
import io.qodex.domain.secret.PasswordKeys;
import java.util.Arrays;

/** The two keys of one Argon2id run: the login password (shown to nobody) and the sealing key; wiped on close. */
final class Argon2PasswordKeys implements PasswordKeys {

    private final KdfParameters parameters;
    private final Secret loginPassword;
    private final byte[] sealingKey;

    Argon2PasswordKeys(KdfParameters parameters, Secret loginPassword, byte[] sealingKey) {
        this.parameters = parameters;
        this.loginPassword = loginPassword;
        this.sealingKey = sealingKey;
    }

    @Override
    public KdfParameters parameters() {
        return parameters;
    }

    @Override
    public Secret loginPassword() {
        return loginPassword;
    }

    byte[] sealingKey() {
        return sealingKey;
    }

    @Override
    public void close() {
        loginPassword.close();
        Arrays.fill(sealingKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "PasswordKeys[****]";
    }
}
