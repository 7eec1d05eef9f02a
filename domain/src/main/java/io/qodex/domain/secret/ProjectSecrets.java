package io.qodex.domain.secret;

import io.qodex.domain.common.Secret;

/**
 * Every secret is stored only through this service (F9, docs/security.md "Secrets"): AES-256-GCM under the current project
 * (or organization) key with associated data {@code owner id | table.column | row id}.
 */
public final class ProjectSecrets {

    private final KeyRing keyRing;
    private final KeyCrypto crypto;

    public ProjectSecrets(KeyRing keyRing, KeyCrypto crypto) {
        this.keyRing = keyRing;
        this.crypto = crypto;
    }

    public String encrypt(SecretField field, long ownerId, long rowId, Secret value) {
        SymmetricKey key = keyRing.currentKey(field.scope(), ownerId);
        return crypto.encrypt(key, field.associatedData(ownerId, rowId), value);
    }

    public Secret decrypt(SecretField field, long ownerId, long rowId, String stored) {
        SymmetricKey key = keyRing.key(field.scope(), ownerId, crypto.versionOf(stored));
        return crypto.decrypt(key, field.associatedData(ownerId, rowId), stored);
    }
}
