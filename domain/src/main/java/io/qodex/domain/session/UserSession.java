package io.qodex.domain.session;

import io.qodex.domain.account.Account;
import io.qodex.domain.assistant.ChatRepository;
import io.qodex.domain.assistant.MemoryRepository;
import io.qodex.domain.scenario.ScenarioRepository;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.EnvironmentChanges;
import io.qodex.domain.environment.EnvironmentRepository;
import io.qodex.domain.live.ChangeFeed;
import io.qodex.domain.llm.CapLedger;
import io.qodex.domain.llm.LlmKeyRepository;
import io.qodex.domain.llm.PriceBook;
import io.qodex.domain.llm.UsageLog;
import io.qodex.domain.login.LoginProfileChanges;
import io.qodex.domain.login.LoginProfileRepository;
import io.qodex.domain.member.MemberRepository;
import io.qodex.domain.project.ProjectChanges;
import io.qodex.domain.project.ProjectRepository;
import io.qodex.domain.secret.KeyRingRepository;
import io.qodex.domain.secret.UserKeyMaterial;
import io.qodex.domain.spend.SpendRepository;
import java.nio.file.Path;

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

    /** Renaming and archiving projects (the first change of a process may take seconds: docs/decisions/0021). */
    ProjectChanges projectChanges();

    MemberRepository members();

    /** The user's organizations, their members and invitations (decision 0030). */
    io.qodex.domain.organization.OrganizationRepository organizations();

    /** The project's API keys (F5), minted and revoked through the database's functions. */
    io.qodex.domain.apikey.ApiKeyRepository apiKeys();

    KeyRingRepository keyRings();

    LlmKeyRepository llmKeys();

    EnvironmentRepository environments();

    /** Saving and deleting environments (the first change of a process may take seconds: docs/decisions/0021). */
    EnvironmentChanges environmentChanges();

    /** The UI-login part of auth profiles (recorded steps, captured sessions), as read. */
    LoginProfileRepository loginProfiles();

    /** Writing the UI-login part of auth profiles. */
    LoginProfileChanges loginProfileChanges();

    /** Changes other clients (and the CLI) make, announced by the database; for live refresh. */
    ChangeFeed changes();
    CapLedger caps();

    PriceBook prices();

    SpendRepository spend();

    ChatRepository chats();

    MemoryRepository memory();

    /** F14: scenarios, their runs and findings. */
    ScenarioRepository scenarios();

    /**
     * A usage-log writer on this session's connections (rows of this user only), spooling to {@code spoolDirectory}
     * while the database is unreachable. The caller closes it before the session.
     */
    UsageLog openUsageLog(Path spoolDirectory);

    @Override
    void close();
}
