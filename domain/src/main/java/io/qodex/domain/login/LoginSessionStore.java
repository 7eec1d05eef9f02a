package io.qodex.domain.login;

import java.util.Optional;

/**
 * Where the session of one auth profile is kept (the profile is bound when the store is made). The real one keeps it
 * in {@code auth_profiles} through {@code ProjectSecrets} (end-to-end encrypted) with capture time and expiry.
 */
public interface LoginSessionStore {

    /** The stored session, decrypted (the caller closes it), if one was captured. */
    Optional<StoredSession> load();

    /** Replaces the stored session with a newly captured one (state, token, capture time, earliest cookie expiry). */
    void save(CapturedSession session);
}
