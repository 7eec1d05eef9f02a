package io.qodex.app.runtime;

import io.qodex.app.adapters.files.FilePacers;
import io.qodex.app.adapters.http.JavaHttpLoginClient;
import io.qodex.app.adapters.http.JavaScenarioHttp;
import io.qodex.app.adapters.http.JaywayJsonPaths;
import io.qodex.app.adapters.files.LoginStepsJson;
import io.qodex.domain.account.Account;
import io.qodex.domain.session.SignedIn;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.environment.EnvironmentService;
import io.qodex.domain.environment.HttpLoginClient;
import io.qodex.domain.environment.LoginRequest;
import io.qodex.domain.environment.LoginTester;
import io.qodex.domain.environment.TokenProvider;
import io.qodex.domain.environment.UiLoginTokens;
import io.qodex.domain.llm.LlmKeyService;
import io.qodex.domain.login.UiLoginService;
import io.qodex.domain.member.MemberService;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.project.ProjectService;
import io.qodex.domain.scenario.ScenarioChecker;
import io.qodex.domain.scenario.ScenarioRunner;
import io.qodex.domain.scenario.ScenarioService;
import io.qodex.domain.secret.KeyRing;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.OrganizationKeys;
import io.qodex.domain.secret.ProjectSecrets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything a signed-in user works with: their services, wired to their own database session and keys. */
public final class Workspace implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);

    private final Backend backend;
    private final SignedIn user;
    private final KeyRing keyRing;
    private final ProjectService projects;
    private final MemberService members;
    private final OrganizationKeys orgKeys;
    private final io.qodex.domain.organization.OrganizationService organizations;
    private final ProjectSecrets secrets;
    private final LlmKeyService llmKeys;
    private final TokenProvider tokens;
    private final EnvironmentService environments;
    private final UiLoginService logins;
    private final LlmServices llm;
    private final ScenarioService scenarios;

    Workspace(Backend backend, SignedIn user) {
        this.backend = backend;
        this.user = user;
        this.keyRing = new KeyRing(user.account(), user.key(), user.session().keyRings(), backend.crypto(),
                backend.pinFile(user.account().userId()));
        this.projects = new ProjectService(user.account(), user.session().projects(),
                user.session().projectChanges(), backend.crypto(), keyRing);
        this.orgKeys = new OrganizationKeys(user.account(), user.session().keyRings(), keyRing);
        this.members = new MemberService(user.account(), user.session().members(), keyRing);
        this.organizations = new io.qodex.domain.organization.OrganizationService(user.account(),
                user.session().organizations(), keyRing);
        this.secrets = new ProjectSecrets(keyRing, backend.crypto());
        this.llm = new LlmServices(backend, user, secrets);
        this.llmKeys = new LlmKeyService(user.account(), user.session().llmKeys(), secrets, backend.keyValidator(),
                llm.keyChecks());
        llmKeys.onChange(llm.keys()::forget);
        HttpLoginClient http = new JavaHttpLoginClient(Duration.ofSeconds(5));
        LoginTester logins = new LoginTester(http, LoginRequest.DEFAULT_TIMEOUT);
        UiLoginService[] uiLogins = new UiLoginService[1];
        UiLoginTokens sniffed = (environmentId, profile) -> uiLogins[0] == null ? java.util.Optional.empty()
                : uiLogins[0].bearerToken(environmentId, profile);
        this.tokens = new TokenProvider(logins, sniffed, Clock.systemUTC());
        this.environments = new EnvironmentService(user.session().environments(),
                user.session().environmentChanges(), secrets, http, tokens, logins);
        this.logins = new UiLoginService(user.session().loginProfiles(), user.session().loginProfileChanges(),
                environments, secrets, new LazyLoginRunner(backend::loginRunner), LoginStepsJson.CODEC, Clock.systemUTC());
        uiLogins[0] = this.logins;
        JaywayJsonPaths paths = new JaywayJsonPaths();
        FilePacers pacers = new FilePacers(backend.config().home().path().resolve("pacers"), backend.databaseKey());
        this.scenarios = new ScenarioService(user.session().scenarios(), environments,
                new ScenarioRunner(new JavaScenarioHttp(Duration.ofSeconds(5)), paths, Clock.systemUTC()),
                new ScenarioChecker(paths::problem), pacers);
    }

    public Backend backend() {
        return backend;
    }

    public SignedIn user() {
        return user;
    }

    public Account account() {
        return user.account();
    }

    public KeyRing keyRing() {
        return keyRing;
    }

    public ProjectService projects() {
        return projects;
    }

    /** The project's API keys (F5): minted here, each a database login of its own. */
    public io.qodex.domain.apikey.ApiKeyService apiKeys() {
        var verifiers = new io.qodex.persistence.session.PgPasswordVerifiers();
        return new io.qodex.domain.apikey.ApiKeyService(user.session().apiKeys(), secret -> {
            try (io.qodex.domain.common.Secret login = backend.crypto().apiKeyLoginPassword(secret)) {
                return verifiers.scramSha256(login); // the login's password is derived from the secret (decision 31)
            }
        }, keyRing::grantApiKey, Clock.systemUTC());
    }

    /** A CI job's session with an API key alone (QODEX_DB_URL and the key; no account). */
    public static CiSession ciSession(io.qodex.app.runtime.config.AppConfig config, String jdbcUrl,
                                      io.qodex.domain.apikey.ApiKeyText key) {
        return CiSession.connect(config, jdbcUrl, key);
    }

    public MemberService members() {
        return members;
    }

    /** The user's organizations and the current one; their members for their admins (decision 0030). */
    public io.qodex.domain.organization.OrganizationService organizations() {
        return organizations;
    }

    /** Who holds the organization key; org admins confirm members for it. */
    public OrganizationKeys orgKeys() {
        return orgKeys;
    }

    public ProjectSecrets secrets() {
        return secrets;
    }

    public LlmKeyService llmKeys() {
        return llmKeys;
    }

    /** F6/F7: environments, the active one, previews, test logins and tokens (cached in this workspace only). */
    public EnvironmentService environments() {
        return environments;
    }

    /** F8: recorded UI logins of auth profiles, replay and capture, session checks. */
    public UiLoginService logins() {
        return logins;
    }

    /** F14: API test scenarios, their runs against the environments, findings, export and import. */
    public ScenarioService scenarios() {
        return scenarios;
    }

    /** The gateway, assistant, memory, spend, caps and prices (F10, F11). */
    public LlmServices llm() {
        return llm;
    }

    /**
     * What an Admin's client does when it comes online (docs/security.md, "Who receives keys"): create the organization
     * key if there is none, sign the first roster of projects made before signed rosters, and rotate projects whose key
     * someone lost access to. It never shares a key on its own: Admins confirm each person. Returns a one-line summary,
     * empty if there was nothing to do.
     */
    public String completePendingKeyWork() {
        if (!account().verified()) {
            return "";
        }
        List<String> done = new ArrayList<>();
        List<Project> mine;
        try {
            for (io.qodex.domain.account.OrgMembership org : account().organizations().all()) {
                if (org.admin()) {
                    keyRing.ensureOrgKey(org.orgId());
                    keyRing.signMigratedOrgRoster(org.orgId());
                }
            }
            mine = projects.list();
        } catch (QodexException e) {
            LOG.warn("Pending key work stopped: {}", e.getMessage());
            return "";
        }
        List<Long> administered = mine.stream().filter(p -> p.myRole() == ProjectRole.ADMIN).map(Project::id).toList();
        // each step on its own: one project whose chain is refused holds up no other work
        pending("signing migrated rosters", () -> {
            int signed = keyRing.signMigratedRosters(administered);
            if (signed > 0) {
                done.add("Signed the key roster of " + signed + " project(s).");
            }
        });
        List<Project> rotated = new ArrayList<>();
        for (Project project : mine) {
            if (project.rotationNeeded() && project.myRole() == ProjectRole.ADMIN) {
                pending("rotating the key of " + project.name(), () -> {
                    if (keyRing.holdsKey(KeyScope.PROJECT, project.id())) {
                        projects.rotateKey(project, OptionalLong.empty());
                        rotated.add(project);
                    }
                });
            }
        }
        if (!rotated.isEmpty()) {
            done.add("Rotated the key of " + rotated.size() + " project(s).");
        }
        pending("re-encrypting secrets left under older keys", () -> keyRing.sweepAll(administered));
        return String.join(" ", done);
    }

    private static void pending(String what, Runnable step) {
        try {
            step.run();
        } catch (QodexException e) {
            LOG.warn("Pending key work: {} stopped: {}", what, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            llm.close(); // flushes the usage log while the session can still write it
        } finally {
            tokens.close();
            keyRing.close();
            user.close();
        }
    }
}
