package io.qodex.domain.secret;

import io.qodex.domain.common.Secret;

/**
 * What one Argon2id run over a password gives (docs/security.md, "Passwords"): the PostgreSQL login password and the
 * key that seals the user's private keys, from different HKDF labels, so the SCRAM verifier the server keeps costs an
 * Argon2id per offline guess. Held by the crypto adapter; {@link #close()} wipes both.
 */
public interface PasswordKeys extends AutoCloseable {

    KdfParameters parameters();

    /** The login role's password: 256 bits, base64url. Never shown, except by {@code qodex db psql-url}. */
    Secret loginPassword();

    @Override
    void close();
}
