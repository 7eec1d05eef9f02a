package io.qodex.domain.login;

import java.time.Instant;
import java.util.Optional;

/**
 * The UI-login part of an auth profile row as it is read: the recorded steps (JSON), the captured session as
 * project-secret ciphertext (storageState and sniffed bearer token), when it was captured and when its first cookie
 * expires, and how to tell a logged-in page. Through row-level security, like every project-owned row. Writing them
 * is {@link LoginProfileChanges}.
 */
public interface LoginProfileRepository {

    /** Ciphertexts and times of a stored session. */
    record SessionRow(String storageStateCiphertext, Optional<String> bearerCiphertext, Instant capturedAt,
                      Optional<Instant> expiresAt) {
        @Override
        public String toString() {
            return "SessionRow[captured " + capturedAt + "]";
        }
    }

    /** Where a profile's session lives, found by environment and profile name (for the token chain). */
    record ProfileLocation(long projectId, long profileId) {
    }

    Optional<String> steps(long profileId);

    Optional<SessionRow> session(long profileId);

    Optional<String> loggedInCheck(long profileId);

    Optional<ProfileLocation> locate(long environmentId, String profileName);
}
