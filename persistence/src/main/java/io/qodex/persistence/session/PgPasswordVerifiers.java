package io.qodex.persistence.session;

import io.qodex.domain.session.PasswordVerifiers;
import io.qodex.domain.common.Secret;
import java.util.Arrays;
import org.postgresql.util.PasswordUtil;

/** SCRAM-SHA-256 verifiers computed on the client with pgjdbc, so the server never sees a plaintext password. */
public final class PgPasswordVerifiers implements PasswordVerifiers {

    @Override
    public String scramSha256(Secret password) {
        char[] chars = password.chars();
        try {
            return PasswordUtil.encodeScramSha256(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}
