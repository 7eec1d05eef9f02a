package io.qodex.domain.login;

/**
 * Writing the UI-login part of an auth profile (Members and Admins): the recorded steps, the captured session
 * (ciphertext sealed by the caller) and the logged-in check. The environment editor writes the rest of the row
 * through {@link io.qodex.domain.environment.EnvironmentChanges}, with the same technology (docs/decisions/0021).
 */
public interface LoginProfileChanges {

    void setSteps(long profileId, String json);

    void saveSession(long profileId, LoginProfileRepository.SessionRow session);

    /** Stores the check; a blank one removes it. */
    void setLoggedInCheck(long profileId, String check);
}
