package io.qodex.app.runtime;

import io.qodex.app.adapters.browser.PlaywrightLoginRunner;
import io.qodex.app.adapters.browser.PlaywrightSettings;
import io.qodex.app.adapters.crypto.BouncyCastleKeyCrypto;
import io.qodex.app.adapters.files.ApiKeyTokenCache;
import io.qodex.app.adapters.files.LoginStepsJson;
import io.qodex.app.adapters.http.JavaHttpLoginClient;
import io.qodex.app.runtime.config.AppConfig;
import io.qodex.domain.apikey.ApiKeyScope;
import io.qodex.domain.apikey.ApiKeyService;
import io.qodex.domain.apikey.ApiKeyText;
import io.qodex.domain.apikey.CiAccess;
import io.qodex.domain.apikey.CiKeys;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.EnvironmentService;
import io.qodex.domain.environment.HttpLoginClient;
import io.qodex.domain.environment.LoginRequest;
import io.qodex.domain.environment.LoginTester;
import io.qodex.domain.environment.TokenProvider;
import io.qodex.domain.login.UiLoginService;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.project.Slug;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.domain.secret.ProjectSecrets;
import io.qodex.persistence.repository.ApiKeyEnvironmentChanges;
import io.qodex.persistence.repository.ApiKeyEnvironmentRepository;
import io.qodex.persistence.repository.ApiKeyKeyRingRepository;
import io.qodex.persistence.repository.ApiKeyLoginChanges;
import io.qodex.persistence.repository.JdbcLoginProfileRepository;
import io.qodex.persistence.session.JdbcCiAccess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A CI job's session with an API key alone (decision 0029, 0031): the key's connection, and for a key of the
 * {@code secrets:read} or {@code sessions} scope the same environment, token and UI-login services as the desktop's,
 * over the key's connection and its share of the project key. Nothing of an account is involved.
 */
public final class CiSession implements AutoCloseable {

    private final AppConfig config;
    private final JdbcCiAccess access;
    private final CiAccess.KeyInfo key;
    private @Nullable CiKeys keys;
    private @Nullable TokenProvider tokens;
    private @Nullable ApiKeyTokenCache tokenCache;
    private @Nullable EnvironmentService environments;
    private @Nullable UiLoginService logins;
    private @Nullable PlaywrightLoginRunner runner;

    private CiSession(AppConfig config, JdbcCiAccess access, CiAccess.KeyInfo key) {
        this.config = config;
        this.access = access;
        this.key = key;
    }

    /** Connects as the key; a key holding the project key gets its services now (the key text may be closed after). */
    public static CiSession connect(AppConfig config, String jdbcUrl, ApiKeyText keyText) {
        KeyCrypto crypto = new BouncyCastleKeyCrypto();
        JdbcCiAccess access;
        try (Secret login = crypto.apiKeyLoginPassword(keyText.secret())) {
            access = JdbcCiAccess.connect(jdbcUrl, config.databaseTls().forUrl(jdbcUrl), keyText, login,
                    Clock.systemUTC());
        }
        try {
            CiSession session = new CiSession(config, access, access.key());
            if (session.key.scopes().stream().anyMatch(ApiKeyService.HOLDING_THE_KEY::contains)) {
                session.openServices(keyText, crypto);
            }
            return session;
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
    }

    private void openServices(ApiKeyText keyText, KeyCrypto crypto) {
        ApiKeyKeyRingRepository ring = new ApiKeyKeyRingRepository(access.dataSource(), keyText.id());
        keys = CiKeys.open(keyText, ring.anchor(), ring, crypto);
        ProjectSecrets secrets = new ProjectSecrets(keys.ring(), crypto);
        HttpLoginClient http = new JavaHttpLoginClient(Duration.ofSeconds(5));
        LoginTester tester = new LoginTester(http, LoginRequest.DEFAULT_TIMEOUT);
        UiLoginService[] uiLogins = new UiLoginService[1];
        tokenCache = new ApiKeyTokenCache(config.home().path().resolve("ci-tokens"), keyText.prefix(), keyText.secret(),
                crypto);
        tokens = new TokenProvider(tester, (environmentId, profile) -> uiLogins[0] == null ? Optional.empty()
                : uiLogins[0].bearerToken(environmentId, profile), Clock.systemUTC(), tokenCache);
        environments = new EnvironmentService(new ApiKeyEnvironmentRepository(access.dataSource()),
                new ApiKeyEnvironmentChanges(), secrets, http, tokens, tester);
        logins = new UiLoginService(JdbcLoginProfileRepository.forApiKey(access.dataSource()),
                new ApiKeyLoginChanges(access.dataSource()), environments, secrets, new LazyLoginRunner(this::runner),
                LoginStepsJson.CODEC, Clock.systemUTC());
        uiLogins[0] = logins;
    }

    public CiAccess access() {
        return access;
    }

    public CiAccess.KeyInfo key() {
        return key;
    }

    /** The key's project as the services take it: a key holding the project key acts like a Member who reads. */
    public Project project() {
        boolean holds = key.scopes().stream().anyMatch(ApiKeyService.HOLDING_THE_KEY::contains);
        return new Project(key.projectId(), new Slug(key.projectSlug()), key.projectName(),
                holds ? ProjectRole.MEMBER : ProjectRole.VIEWER, 0, false, Optional.empty(), 0, 0); // no org: a key reaches only its project
    }

    /** Refuses, naming the scope, unless the key has it. */
    public void require(ApiKeyScope scope, String forWhat) {
        if (!key.scopes().contains(scope)) {
            throw QodexException.notAllowed(forWhat + " needs an API key with the " + scope.code() + " scope (this "
                    + "one has " + String.join(", ", key.scopes().stream().map(ApiKeyScope::code).toList())
                    + "): create one with qodex api-keys create --scope " + scope.code() + ".");
        }
    }

    public EnvironmentService environments() {
        return requireOpen(environments);
    }

    public UiLoginService logins() {
        return requireOpen(logins);
    }

    private <T> T requireOpen(@Nullable T service) {
        if (service == null) {
            throw QodexException.notAllowed("This needs an API key with the secrets:read or sessions scope.");
        }
        return service;
    }

    /** The browser is started only when a command replays or checks a login. */
    private synchronized PlaywrightLoginRunner runner() {
        if (runner == null) {
            runner = new PlaywrightLoginRunner(PlaywrightSettings.defaults(config.browserPath().map(Path::of),
                    config.home().path().resolve("cache")));
        }
        return runner;
    }

    @Override
    public synchronized void close() {
        if (runner != null) {
            runner.close();
        }
        if (tokens != null) {
            tokens.close();
        }
        if (tokenCache != null) {
            tokenCache.close();
        }
        if (keys != null) {
            keys.close();
        }
        access.close();
    }
}
