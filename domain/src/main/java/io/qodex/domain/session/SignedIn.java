package io.qodex.domain.session;

import io.qodex.domain.account.Account;
import io.qodex.domain.secret.UnlockedUserKey;

/** A user's database session together with their unlocked private key; closing it signs out and wipes the key. */
public record SignedIn(UserSession session, UnlockedUserKey key) implements AutoCloseable {

    public Account account() {
        return session.account();
    }

    @Override
    public void close() {
        try {
            key.close();
        } finally {
            session.close();
        }
    }
}
