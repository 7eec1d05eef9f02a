package io.qodex.persistence.session;

import com.zaxxer.hikari.HikariDataSource;
import io.qodex.domain.account.Account;
import io.qodex.domain.account.Email;
import io.qodex.domain.account.Organizations;
import io.qodex.domain.organization.OrganizationRepository;
import io.qodex.domain.session.UserSession;
import io.qodex.domain.assistant.ChatRepository;
import io.qodex.domain.assistant.MemoryRepository;
import io.qodex.domain.scenario.ScenarioRepository;
import io.qodex.domain.common.QodexException;
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
import io.qodex.persistence.llm.JdbcCapLedger;
import io.qodex.persistence.llm.JdbcPriceBook;
import io.qodex.persistence.llm.JdbcSpendRepository;
import io.qodex.persistence.llm.PgUsageLogWriter;
import io.qodex.persistence.repository.HibernateEnvironmentChanges;
import io.qodex.persistence.repository.HibernateLoginProfileChanges;
import io.qodex.persistence.repository.HibernateProjectChanges;
import io.qodex.persistence.repository.JdbcProjectRepository;
import io.qodex.persistence.repository.JdbcChatRepository;
import io.qodex.persistence.repository.JdbcEnvironmentRepository;
import io.qodex.persistence.repository.JdbcKeyRingRepository;
import io.qodex.persistence.repository.JdbcLlmKeyRepository;
import io.qodex.persistence.repository.JdbcLoginProfileRepository;
import io.qodex.persistence.repository.JdbcMemberRepository;
import io.qodex.persistence.repository.JdbcMemoryRepository;
import io.qodex.persistence.repository.JdbcOrganizationRepository;
import io.qodex.persistence.repository.JdbcScenarioRepository;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One signed-in user's database session: their own login role, their own pool. Reads and every SQL path use the pool
 * directly; changes to the versioned aggregates go through Hibernate, whose SessionFactory is built on the first such
 * change (docs/decisions/0021).
 */
final class PgUserSession implements UserSession {

    private final QodexDatabase database;
    private final String tenant;
    private final PGSimpleDataSource target;
    private final HikariDataSource pool;
    private final Account account;
    private final ProjectRepository projects;
    private final ProjectChanges projectChanges;
    private final MemberRepository members;
    private final OrganizationRepository organizations;
    private final io.qodex.domain.apikey.ApiKeyRepository apiKeys;
    private final KeyRingRepository keyRings;
    private final LlmKeyRepository llmKeys;
    private final EnvironmentRepository environments;
    private final EnvironmentChanges environmentChanges;
    private final PgChangeFeed changes;
    private final LoginProfileRepository loginProfiles;
    private final LoginProfileChanges loginProfileChanges;
    private final CapLedger caps;
    private final PriceBook prices;
    private final SpendRepository spend;
    private final ChatRepository chats;
    private final MemoryRepository memory;
    private final ScenarioRepository scenarios;

    PgUserSession(QodexDatabase database, String tenant, PGSimpleDataSource target, HikariDataSource pool) {
        this.database = database;
        this.tenant = tenant;
        this.target = target;
        this.pool = pool;
        this.account = loadAccount();
        TenantTransactions transactions = database.transactionsFor(tenant);
        this.projects = new JdbcProjectRepository(pool, account);
        this.projectChanges = new HibernateProjectChanges(transactions, account);
        this.members = new JdbcMemberRepository(pool);
        this.organizations = new JdbcOrganizationRepository(pool);
        this.apiKeys = new io.qodex.persistence.repository.JdbcApiKeyRepository(pool);
        this.keyRings = new JdbcKeyRingRepository(pool);
        this.llmKeys = new JdbcLlmKeyRepository(pool);
        this.environments = new JdbcEnvironmentRepository(pool);
        this.environmentChanges = new HibernateEnvironmentChanges(transactions);
        this.changes = new PgChangeFeed(target);
        this.loginProfiles = new JdbcLoginProfileRepository(pool);
        this.loginProfileChanges = new HibernateLoginProfileChanges(transactions);
        this.caps = new JdbcCapLedger(pool);
        this.prices = new JdbcPriceBook(pool);
        this.spend = new JdbcSpendRepository(pool);
        this.chats = new JdbcChatRepository(pool);
        this.memory = new JdbcMemoryRepository(pool);
        this.scenarios = new JdbcScenarioRepository(pool);
    }

    private Account loadAccount() {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select user_id, email, role_name, verified from my_account()");
                 ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw QodexException.notFound("This login is not a Qodex account.");
                }
                return new Account(rs.getLong(1), new Email(rs.getString(2)), rs.getString(3), rs.getBoolean(4),
                        new Organizations(JdbcOrganizationRepository.mine(c)));
            }
        });
    }

    @Override
    public Account account() {
        return account;
    }

    @Override
    public UserKeyMaterial sealedKey() {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "select public_key, signing_public_key, sealed_private_key, kdf_params from my_sealed_key()");
                 ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw QodexException.integrity("This account has no key pair; reset the password to create one.");
                }
                return new UserKeyMaterial(rs.getBytes(1), java.util.Optional.ofNullable(rs.getBytes(2)), rs.getBytes(3),
                        rs.getString(4));
            }
        });
    }

    @Override
    public void changePassword(String scramVerifier, UserKeyMaterial resealed, io.qodex.domain.common.Secret newPassword) {
        Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select change_password(?, ?, ?, ?)")) {
                p.setString(1, scramVerifier);
                p.setBytes(2, resealed.sealedPrivateKey());
                p.setString(3, resealed.kdfParams());
                p.setBytes(4, resealed.signingPublicKey().orElseThrow());
                p.execute();
            }
            return null;
        });
        // New pooled connections sign in with the new password; open ones stay valid.
        target.setPassword(newPassword.reveal());
    }

    @Override
    public ProjectRepository projects() {
        return projects;
    }

    @Override
    public ProjectChanges projectChanges() {
        return projectChanges;
    }

    @Override
    public io.qodex.domain.apikey.ApiKeyRepository apiKeys() {
        return apiKeys;
    }

    @Override
    public MemberRepository members() {
        return members;
    }

    @Override
    public OrganizationRepository organizations() {
        return organizations;
    }

    @Override
    public KeyRingRepository keyRings() {
        return keyRings;
    }

    @Override
    public LlmKeyRepository llmKeys() {
        return llmKeys;
    }

    @Override
    public EnvironmentRepository environments() {
        return environments;
    }

    @Override
    public EnvironmentChanges environmentChanges() {
        return environmentChanges;
    }

    @Override
    public LoginProfileRepository loginProfiles() {
        return loginProfiles;
    }

    @Override
    public LoginProfileChanges loginProfileChanges() {
        return loginProfileChanges;
    }

    @Override
    public ChangeFeed changes() {
        return changes;
    }

    @Override
    public CapLedger caps() {
        return caps;
    }

    @Override
    public PriceBook prices() {
        return prices;
    }

    @Override
    public SpendRepository spend() {
        return spend;
    }

    @Override
    public ChatRepository chats() {
        return chats;
    }

    @Override
    public MemoryRepository memory() {
        return memory;
    }

    @Override
    public ScenarioRepository scenarios() {
        return scenarios;
    }

    @Override
    public UsageLog openUsageLog(Path spoolDirectory) {
        return new PgUsageLogWriter(pool, account.userId(), spoolDirectory);
    }

    HikariDataSource pool() {
        return pool;
    }

    @Override
    public void close() {
        changes.close();
        database.ended(tenant);
        pool.close();
    }
}
