package io.qodex.domain.session;

import io.qodex.domain.common.Secret;

/** Computes the SCRAM-SHA-256 verifier PostgreSQL stores for a login role, on the client. */
public interface PasswordVerifiers {

    String scramSha256(Secret password);
}
