package io.qodex.domain.login;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.AuthProfile;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentService;
import io.qodex.domain.environment.VariableResolver;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.ProjectSecrets;
import io.qodex.domain.secret.SecretField;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * F8 for one auth profile of a stored environment: its recorded steps, recording, replay-and-capture, "Check
 * session", keeping the session fresh and exporting it. Sessions are stored only through the project secrets
 * service; steps are resolved with the environment's variables at the moment they run.
 */
public final class UiLoginService {

    /** An auth profile of a stored environment of a project. */
    public record Target(Project project, Environment environment, AuthProfile profile) {
        public String label() {
            return environment.name().value() + " / " + profile.name().value();
        }
    }

    private final LoginProfileRepository repository;
    private final LoginProfileChanges changes;
    private final EnvironmentService environments;
    private final ProjectSecrets secrets;
    private final LoginRunner runner;
    private final LoginStepsCodec codec;
    private final LoginSessionKeeper keeper;
    private final Clock clock;

    public UiLoginService(LoginProfileRepository repository, LoginProfileChanges changes,
                          EnvironmentService environments, ProjectSecrets secrets, LoginRunner runner,
                          LoginStepsCodec codec, Clock clock) {
        this.repository = repository;
        this.changes = changes;
        this.environments = environments;
        this.secrets = secrets;
        this.runner = runner;
        this.codec = codec;
        this.clock = clock;
        this.keeper = new LoginSessionKeeper(runner, clock);
    }

    public LoginRunner runner() {
        return runner;
    }

    public Target target(Project project, String environmentName, String profileName) {
        Environment environment = environments.load(project, environmentName);
        AuthProfile profile = environment.profile(profileName).orElseThrow(() -> QodexException.notFound(
                "There is no auth profile " + profileName + " in " + environment.name() + "."));
        return new Target(project, environment, profile);
    }

    /** The stored steps as rows (empty when nothing was recorded yet). */
    public List<LoginStepDraft> drafts(Target target) {
        return repository.steps(target.profile().id()).map(codec::readDrafts).orElse(List.of());
    }

    public Optional<LoginScript> script(Target target) {
        List<LoginStepDraft> drafts = drafts(target);
        return drafts.isEmpty() ? Optional.empty() : Optional.of(LoginScript.parse(drafts));
    }

    /** The steps in the JSON format ({@code []} when nothing is recorded yet). */
    public String stepsJson(Target target) {
        return script(target).map(codec::write).orElse("[]");
    }

    /** Replaces the steps after validation (every problem listed with its step); Members and Admins. */
    public LoginScript setSteps(Target target, List<LoginStepDraft> drafts) {
        requireEditor(target.project());
        LoginScript script = LoginScript.parse(drafts);
        changes.setSteps(target.profile().id(), codec.write(script));
        return script;
    }

    public LoginScript setStepsJson(Target target, String json) {
        return setSteps(target, codec.readDrafts(json));
    }

    /** Opens a visible browser at the environment's base URL and records what the operator does. */
    public Running<RecordingResult> record(Target target, RecordingListener listener) {
        requireEditor(target.project());
        return runner.record(RecordRequest.atBaseUrl(target.environment().baseUrl().value(), target.profile().email()),
                listener);
    }

    /** Replays the stored steps headless and stores the captured session (nothing on failure). Blocks. */
    public LoginResult replayAndStore(Target target, ReplayListener listener) {
        requireEditor(target.project());
        try (VariableResolver resolver = resolver(target)) {
            return keeper.replayAndStore(loginTarget(target, resolver, Optional.empty()), store(target), listener);
        }
    }

    /** "Check session": does the stored session still land logged in on {@code url} (default: base URL)? Blocks. */
    public SessionCheck check(Target target, Optional<String> url, ReplayListener listener) {
        requireKeyHolder(target.project());
        try (VariableResolver resolver = resolver(target)) {
            return keeper.check(loginTarget(target, resolver, url), store(target), listener);
        }
    }

    /** Checks the session and re-captures it by replaying when it is missing, expired or logged out. Blocks. */
    public SessionRefresh ensureFresh(Target target, ReplayListener listener) {
        return ensureFresh(target, Optional.empty(), listener);
    }

    /** Like {@link #ensureFresh(Target, ReplayListener)}, checking the session on {@code url} (default: base URL). */
    public SessionRefresh ensureFresh(Target target, Optional<String> url, ReplayListener listener) {
        requireEditor(target.project());
        try (VariableResolver resolver = resolver(target)) {
            return keeper.ensureFresh(loginTarget(target, resolver, url), store(target), listener);
        }
    }

    public SessionFreshness freshness(Target target) {
        Optional<LoginProfileRepository.SessionRow> row = repository.session(target.profile().id());
        return SessionFreshness.of(row.map(LoginProfileRepository.SessionRow::capturedAt),
                row.flatMap(LoginProfileRepository.SessionRow::expiresAt), clock.instant());
    }

    /** The stored session in clear (for export); the caller closes it. */
    public Optional<StoredSession> session(Target target) {
        requireKeyHolder(target.project());
        return store(target).load();
    }

    public LoggedInCheck loggedInCheck(Target target) {
        return LoggedInCheck.parse(repository.loggedInCheck(target.profile().id()).orElse(""));
    }

    public void setLoggedInCheck(Target target, String check) {
        requireEditor(target.project());
        LoggedInCheck parsed = LoggedInCheck.parse(check);
        changes.setLoggedInCheck(target.profile().id(), parsed.toText());
    }

    private LoginTarget loginTarget(Target target, VariableResolver resolver, Optional<String> url) {
        LoginScript script = script(target).orElseThrow(() -> QodexException.notFound("No UI login is recorded for "
                + target.label() + " yet: record one first."));
        LoginVariables variables = template -> resolver.resolve(template, VariableResolver.Target.TEXT,
                "a login step").value();
        SessionCheckPlan plan = SessionCheckPlan.of(script, target.environment().baseUrl().value(), url,
                loggedInCheck(target));
        return new LoginTarget(script, variables, variables.resolve(plan.urlTemplate()), plan.check());
    }

    private VariableResolver resolver(Target target) {
        return environments.resolver(target.project(), target.environment(), Optional.of(target.profile().name().value()));
    }

    /** The profile's session through the secrets service: storageState and bearer token, bound to the row. */
    private LoginSessionStore store(Target target) {
        long projectId = target.project().id();
        long profileId = target.profile().id();
        return new LoginSessionStore() {
            @Override
            public Optional<StoredSession> load() {
                return repository.session(profileId).map(row -> new StoredSession(
                        secrets.decrypt(SecretField.AUTH_SESSION, projectId, profileId, row.storageStateCiphertext()),
                        row.capturedAt(), row.expiresAt(),
                        row.bearerCiphertext().map(c -> secrets.decrypt(SecretField.AUTH_SESSION_BEARER, projectId,
                                profileId, c))));
            }

            @Override
            public void save(CapturedSession session) {
                String state = secrets.encrypt(SecretField.AUTH_SESSION, projectId, profileId, session.storageState());
                Optional<String> bearer = session.bearerToken().map(token ->
                        secrets.encrypt(SecretField.AUTH_SESSION_BEARER, projectId, profileId, token));
                changes.saveSession(profileId, new LoginProfileRepository.SessionRow(state, bearer,
                        session.capturedAt(), session.earliestCookieExpiry()));
            }
        };
    }

    /** The last link of F7's token chain: the bearer token sniffed by the last replay. */
    public Optional<Secret> bearerToken(long environmentId, String profileName) {
        Optional<LoginProfileRepository.ProfileLocation> location = repository.locate(environmentId, profileName);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        long projectId = location.get().projectId();
        long profileId = location.get().profileId();
        return repository.session(profileId).flatMap(LoginProfileRepository.SessionRow::bearerCiphertext)
                .map(c -> secrets.decrypt(SecretField.AUTH_SESSION_BEARER, projectId, profileId, c));
    }

    private static void requireEditor(Project project) {
        if (project.myRole() == ProjectRole.VIEWER) {
            throw QodexException.notAllowed("Viewers cannot record or replay logins: they hold no project key.");
        }
    }

    private static void requireKeyHolder(Project project) {
        if (!project.myRole().holdsProjectKey()) {
            throw QodexException.notAllowed("Viewers hold no project key, so they cannot use a stored session.");
        }
    }
}
