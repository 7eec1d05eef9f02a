package io.qodex.domain.session;

import io.qodex.domain.account.Email;
import java.util.Optional;

/**
 * What this computer saw at an account's last sign-in: its PostgreSQL login role and login parameters (Argon2id costs
 * and salt), so that signing in again needs no call as the public sign-up login: whoever holds all of that login's
 * connections cannot keep returning users out (docs/security.md, "Denial of service"). A missing or stale entry only
 * costs the calls it saves.
 */
public interface KnownLoginParameters {

    /** Neither is secret: the sign-up login hands both to anyone who asks for the address. */
    record Remembered(String role, String parameters) {
    }

    Optional<Remembered> recall(Email email);

    /** Best effort: a failure to store is logged, never thrown (the sign-in it follows has succeeded). */
    void remember(Email email, Remembered login);
}
