package io.qodex.persistence.testing;

import io.qodex.domain.account.Email;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
import io.qodex.domain.secret.UserKeyMaterial;
import io.qodex.persistence.session.PgPasswordVerifiers;
import io.qodex.persistence.session.SignupDirectory;
import io.qodex.domain.common.Secret;
import java.security.SecureRandom;

/**
 * Accounts for persistence tests, created through the real sign-up functions. Key material here is random bytes
 * of the right shape: the database only stores it (the real cryptography is tested in the app module).
 */
public final class TestAccounts {

    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PASSWORD = "correct-horse-battery-7";

    private TestAccounts() {
    }

    public static UserKeyMaterial fakeKeys() {
        return new UserKeyMaterial(bytes(32), bytes(60), "argon2id;m=19456;t=2;p=1;salt=test");
    }

    public static KeyWrap fakeWrap(long projectId, long userId, int version) {
        return new KeyWrap(KeyScope.PROJECT, projectId, version, userId, bytes(32), bytes(60));
    }

    public static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Signs up and verifies (code read from the outbox as the relay would); returns the login role. */
    public static String verifiedUser(TestDatabase db, String email) {
        String role = unverifiedUser(db, email);
        SignupDirectory directory = new SignupDirectory(db.settings());
        directory.verify(new Email(email), db.codeFromMail(email, "Verification code"));
        return role;
    }

    public static String unverifiedUser(TestDatabase db, String email) {
        SignupDirectory directory = new SignupDirectory(db.settings());
        try (Secret password = Secret.copyOf(PASSWORD)) {
            directory.signUp(new Email(email), new PgPasswordVerifiers().scramSha256(password), fakeKeys());
        }
        return directory.roleNameFor(new Email(email));
    }
}
