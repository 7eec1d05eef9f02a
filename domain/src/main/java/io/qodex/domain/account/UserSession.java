package io.qodex.domain.account;

import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.EnvironmentRepository;
import io.qodex.domain.live.ChangeFeed;
import io.qodex.domain.llm.LlmKeyRepository;
import io.qodex.domain.login.LoginProfileRepository;
import io.qodex.domain.member.MemberRepository;
import io.qodex.domain.project.ProjectRepository;
import io.qodex.domain.secret.KeyRingRepository;
import io.qodex.domain.secret.UserKeyMaterial;

/**
 * A database session of one signed-in user: every repository it hands out runs as that user's login role, so the
 * database's row-level security decides what they see.
 */
public interface UserSession extends AutoCloseable {

    Account account();

    UserKeyMaterial sealedKey();

    /**
     * Stores the new verifier and the private key re-sealed under the new password, atomically; later connections
     * of this session sign in with the new password.
     */
    void changePassword(String scramVerifier, UserKeyMaterial resealed, Secret newPassword);

    ProjectRepository projects();

    MemberRepository members();

    KeyRingRepository keyRings();

    LlmKeyRepository llmKeys();

    EnvironmentRepository environments();

    /** The UI-login part of auth profiles (recorded steps, captured sessions). */
    LoginProfileRepository loginProfiles();

    /** Changes other clients (and the CLI) make, announced by the database; for live refresh. */
    ChangeFeed changes();

    @Override
    void close();
}
