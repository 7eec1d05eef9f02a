package io.qodex.domain.environment;

import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.ProjectSecrets;
import io.qodex.domain.secret.SecretField;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PrimitiveIterator;
import java.util.stream.Collectors;

/**
 * F6 and F7 for one signed-in user: list, load, check and save environments (optimistic locking: a concurrent
 * save is reported as a conflict, never overwritten), the active environment, previews with masked secrets,
 * revealing a secret on request, test logins and tokens. Every secret goes through {@link ProjectSecrets}.
 */
public final class EnvironmentService {

    private final EnvironmentRepository repository;
    private final EnvironmentChanges changes;
    private final ProjectSecrets secrets;
    private final HttpLoginClient http;
    private final LoginTester logins;
    private final TokenProvider tokens;

    public EnvironmentService(EnvironmentRepository repository, EnvironmentChanges changes, ProjectSecrets secrets,
                              HttpLoginClient http, TokenProvider tokens, LoginTester logins) {
        this.repository = repository;
        this.changes = changes;
        this.secrets = secrets;
        this.http = http;
        this.tokens = tokens;
        this.logins = logins;
    }

    // ---------------------------------------------------------------- reading

    /** The project's environments in switcher order (Ctrl+1..9 follow it). */
    public List<EnvironmentSummary> list(Project project) {
        return repository.list(project.id());
    }

    public Environment load(Project project, long environmentId) {
        return repository.find(project.id(), environmentId).orElseThrow(() -> QodexException.notFound(
                "This environment no longer exists in " + project.name() + "."));
    }

    public Environment load(Project project, String name) {
        EnvironmentSummary summary = find(project, name);
        return load(project, summary.id());
    }

    public EnvironmentSummary find(Project project, String name) {
        String wanted = name == null ? "" : name.strip();
        List<EnvironmentSummary> all = list(project);
        return all.stream().filter(e -> e.name().value().equals(wanted)).findFirst()
                .or(() -> all.stream().filter(e -> e.name().sameAs(wanted)).findFirst())
                .orElseThrow(() -> QodexException.notFound("No environment named " + wanted + " in "
                        + project.slug() + (all.isEmpty() ? " (it has none yet)." : "; there are: "
                        + all.stream().map(e -> e.name().value()).collect(Collectors.joining(", ")) + ".")));
    }

    /** Opens one stored secret for display (the reveal button). Viewers hold no key and are refused. */
    public Secret reveal(Project project, Environment environment, SecretField field, long rowId) {
        if (!project.myRole().holdsProjectKey()) {
            throw QodexException.notAllowed("Viewers cannot reveal secrets.");
        }
        SealedSecret sealed = sealedAt(environment, field, rowId).orElseThrow(() -> QodexException.notFound(
                "That secret is not set (or no longer exists); reload the environment."));
        return secrets.decrypt(field, project.id(), rowId, sealed.ciphertext());
    }

    /** Reveals a secret variable by name. */
    public Secret revealVariable(Project project, Environment environment, String variable) {
        Variable found = environment.variable(variable).filter(Variable::secret).orElseThrow(() ->
                QodexException.notFound("There is no secret variable " + variable + " in " + environment.name() + "."));
        return reveal(project, environment, SecretField.ENVIRONMENT_VARIABLE, found.id());
    }

    // ---------------------------------------------------------------- editing

    /** A blank draft from a preset (recommended constraints and appearance). */
    public EnvironmentDraft newDraft(EnvironmentPreset preset) {
        return EnvironmentDraft.fromPreset(preset, "", "", "");
    }

    public EnvironmentDraft edit(Environment environment) {
        return EnvironmentDraft.of(environment);
    }

    /** A checker for live validation; keep the sibling list while the editor is open. */
    public DraftChecker checker(List<EnvironmentSummary> siblings) {
        return new DraftChecker(siblings, http::tokenPathProblem);
    }

    /** Checks every field; problems name their field (e.g. {@code variables[2].name}). */
    public CheckedDraft validate(Project project, EnvironmentDraft draft) {
        return checker(list(project)).check(draft);
    }

    /**
     * Stores the draft: creates it, or updates the version it was loaded from. Someone else's save in between is a
     * {@link SaveResult.Conflict} saying who changed what; nothing is overwritten. Clears the environment's cached
     * tokens.
     */
    public SaveResult save(Project project, EnvironmentDraft draft) {
        requireEditor(project);
        CheckedDraft checked = validate(project, draft);
        if (checked instanceof CheckedDraft.Invalid invalid) {
            return new SaveResult.Invalid(invalid.problems());
        }
        EnvironmentSpec spec = ((CheckedDraft.Valid) checked).spec();
        try {
            SealedEnvironment sealed = seal(project, spec);
            Environment saved = spec.id().isEmpty() ? changes.create(project.id(), sealed)
                    : changes.update(project.id(), sealed);
            tokens.clear(saved.id());
            return new SaveResult.Saved(saved);
        } catch (QodexException e) {
            return afterFailedSave(project, draft, spec, e);
        }
    }

    /** {@link #save} for callers that want an exception (the CLI): problems and conflicts become its message. */
    public Environment saveOrThrow(Project project, EnvironmentDraft draft) {
        SaveResult result = save(project, draft);
        if (result instanceof SaveResult.Saved saved) {
            return saved.environment();
        }
        if (result instanceof SaveResult.Invalid invalid) {
            FieldProblem first = invalid.problems().get(0);
            throw new QodexException(Problem.INVALID_INPUT, first.field(), invalid.problems().stream()
                    .map(FieldProblem::toString).collect(Collectors.joining("; ")), null);
        }
        throw QodexException.conflict(((SaveResult.Conflict) result).conflict().message());
    }

    /** Creates an environment from a preset. */
    public SaveResult create(Project project, EnvironmentPreset preset, String name, String baseUrl,
                             String apiBaseUrl) {
        return save(project, EnvironmentDraft.fromPreset(preset, name, baseUrl, apiBaseUrl));
    }

    public SaveResult rename(Project project, Environment environment, String newName) {
        return save(project, EnvironmentDraft.of(environment).withName(newName));
    }

    /**
     * A new environment with everything of the source, secrets included (opened and sealed again for the new rows:
     * a ciphertext is bound to its row). The draft owns the opened secrets; {@link #clone} closes them.
     */
    public EnvironmentDraft cloneDraft(Project project, Environment source, String newName) {
        List<VariableDraft> variables = source.variables().stream().map(v -> new VariableDraft(OptionalLong.empty(),
                v.name().value(), v.secret(), v.plainValue().orElse(""), v.sealedValue().isPresent()
                ? SecretInput.replace(reveal(project, source, SecretField.ENVIRONMENT_VARIABLE, v.id()))
                : SecretInput.KEEP)).toList();
        List<ProfileDraft> profiles = source.profiles().stream().map(p -> new ProfileDraft(OptionalLong.empty(),
                p.name().value(), p.email().orElse(""),
                p.password().isPresent() ? SecretInput.replace(reveal(project, source, SecretField.AUTH_PASSWORD,
                        p.id())) : SecretInput.KEEP,
                p.staticToken().isPresent() ? SecretInput.replace(reveal(project, source,
                        SecretField.AUTH_STATIC_TOKEN, p.id())) : SecretInput.KEEP,
                p.apiLogin().map(ApiLoginDraft::of))).toList();
        return EnvironmentDraft.of(source).withName(newName).withVariables(variables).withProfiles(profiles)
                .asNew();
    }

    public SaveResult clone(Project project, Environment source, String newName) {
        EnvironmentDraft draft = cloneDraft(project, source, newName);
        try {
            return save(project, draft);
        } finally {
            DraftSecrets.wipe(draft);
        }
    }

    /**
     * Deletes an environment; {@code typedName} must repeat its name (the editor's confirmation). Refused if
     * someone changed it after it was loaded.
     */
    public void delete(Project project, EnvironmentSummary environment, String typedName) {
        requireEditor(project);
        if (typedName == null || !typedName.strip().equals(environment.name().value())) {
            throw QodexException.invalid("confirmation", "Type the name of the environment (" + environment.name()
                    + ") to delete it.");
        }
        try {
            changes.delete(project.id(), environment.id(), environment.version());
        } catch (QodexException e) {
            if (e.problem() == Problem.CONFLICT) {
                Optional<Environment> current = repository.find(project.id(), environment.id());
                throw QodexException.conflict(environment.name() + " was changed by "
                        + current.map(c -> c.lastChange().describe()).orElse("someone")
                        + " after you opened it; reload it before deleting.");
            }
            throw e;
        } finally {
            tokens.clear(environment.id());
        }
    }

    // ---------------------------------------------------------------- active environment

    /** The user's active environment in the project, if they chose one and it still exists. */
    public Optional<EnvironmentSummary> active(Project project) {
        OptionalLong id = repository.activeEnvironmentId(project.id());
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return list(project).stream().filter(e -> e.id() == id.getAsLong()).findFirst();
    }

    /** The active environment, else the first one (what the toolbar shows before the user chose). */
    public Optional<EnvironmentSummary> activeOrFirst(Project project) {
        List<EnvironmentSummary> all = list(project);
        OptionalLong id = repository.activeEnvironmentId(project.id());
        return all.stream().filter(e -> id.isPresent() && e.id() == id.getAsLong()).findFirst()
                .or(() -> all.stream().findFirst());
    }

    /** Makes an environment the active one for this user and project (remembered in the database). */
    public EnvironmentSummary use(Project project, long environmentId) {
        EnvironmentSummary chosen = list(project).stream().filter(e -> e.id() == environmentId).findFirst()
                .orElseThrow(() -> QodexException.notFound("This environment no longer exists in "
                        + project.name() + "."));
        repository.setActive(project.id(), chosen.id());
        return chosen;
    }

    public EnvironmentSummary use(Project project, String name) {
        return use(project, find(project, name).id());
    }

    /** Ctrl+1..9: the n-th environment (1-based) in switcher order. */
    public EnvironmentSummary useNumber(Project project, int number) {
        List<EnvironmentSummary> all = list(project);
        if (number < 1 || number > all.size()) {
            throw QodexException.notFound(project.name() + " has " + all.size() + " environment(s); there is no number "
                    + number + ".");
        }
        return use(project, all.get(number - 1).id());
    }

    /** Ctrl+E: the environment after the active one, wrapping around. */
    public EnvironmentSummary useNext(Project project) {
        List<EnvironmentSummary> all = list(project);
        if (all.isEmpty()) {
            throw QodexException.notFound(project.name() + " has no environment yet.");
        }
        OptionalLong active = repository.activeEnvironmentId(project.id());
        int index = -1;
        for (int i = 0; i < all.size(); i++) {
            if (active.isPresent() && all.get(i).id() == active.getAsLong()) {
                index = i;
            }
        }
        return use(project, all.get((index + 1) % all.size()).id());
    }

    // ---------------------------------------------------------------- resolution, logins, tokens

    /**
     * The resolved values of a draft (or a stored environment: {@link EnvironmentDraft#of}) for a profile, secrets
     * masked. Problems of the draft itself come back as lines with their reason.
     */
    public Preview preview(Project project, EnvironmentDraft draft, Optional<String> profile) {
        CheckedDraft checked = checker(List.of()).check(draft);
        if (checked instanceof CheckedDraft.Invalid invalid) {
            return new Preview(profile, invalid.problems().stream().map(p -> new Preview.Line(
                    Preview.Section.VARIABLE, p.field(), "", false, Optional.of(p.message()))).toList());
        }
        EnvironmentSpec spec = ((CheckedDraft.Valid) checked).spec();
        Optional<EnvironmentSpec.ProfileSpec> chosen = profile.map(name -> profileOf(spec, name));
        return Preview.of(spec, chosen, opener(project, draft), project.myRole().holdsProjectKey());
    }

    /**
     * "Test login": runs the profile's HTTP login as the draft (saved or not) describes it. Never cached. The
     * receiver closes the token of a {@link LoginOutcome.Success}.
     */
    public LoginOutcome testLogin(Project project, EnvironmentDraft draft, String profile) {
        CheckedDraft checked = checker(List.of()).check(draft);
        if (checked instanceof CheckedDraft.Invalid invalid) {
            return new LoginOutcome.InvalidConfig("Fix the environment first: " + invalid.problems().stream()
                    .map(FieldProblem::toString).collect(Collectors.joining("; ")));
        }
        EnvironmentSpec spec = ((CheckedDraft.Valid) checked).spec();
        return logins.run(spec, profileOf(spec, profile), opener(project, draft));
    }

    /**
     * "Test login" in the editor: the token the profile gives now, by F7's precedence, for the draft as edited (a
     * static token typed but not saved counts), and one line saying where it came from. Never the token itself.
     */
    public String testToken(Project project, long environmentId, EnvironmentDraft draft, String profile) {
        CheckedDraft checked = checker(List.of()).check(draft);
        if (checked instanceof CheckedDraft.Invalid invalid) {
            return "Fix the environment first: " + invalid.problems().stream().map(FieldProblem::toString)
                    .collect(Collectors.joining("; "));
        }
        EnvironmentSpec spec = ((CheckedDraft.Valid) checked).spec();
        TokenProvider.Attempt attempt = tokens.attempt(environmentId, spec, profileOf(spec, profile),
                opener(project, draft));
        if (attempt.failure().isPresent()) {
            return "No token: the HTTP login failed. " + attempt.failure().get().message();
        }
        if (attempt.token().isEmpty()) {
            return "No token: set a static token or an HTTP login, or record a UI login.";
        }
        try (Token token = attempt.token().get()) {
            return switch (token.source()) {
                case STATIC_TOKEN -> "Token from the static token (" + token.masked() + "); the HTTP login is not needed.";
                case CACHE -> "Token from the cache (" + token.masked() + "): an HTTP login of the last 30 minutes, "
                        + "used for " + minutes(tokens.cachedFor(environmentId, profile)) + " more. Saving the "
                        + "environment clears it.";
                case HTTP_LOGIN -> "Token from the HTTP login: " + attempt.loginMessage().orElse(token.masked())
                        + " Cached for 30 minutes.";
                case UI_LOGIN -> "Token from the recorded UI login's session (" + token.masked() + ").";
            };
        }
    }

    /**
     * One line for the auth profile when requests would use a cached token (an HTTP login of the last 30 minutes):
     * "A cached token (from an HTTP login) is used for 23 min more."; empty when there is none.
     */
    public Optional<String> cachedTokenNote(long environmentId, String profile) {
        return tokens.cachedFor(environmentId, profile).map(left -> "A cached token (from an HTTP login) is used for "
                + minutes(Optional.of(left)) + " more; Test login shows where the token comes from.");
    }

    private static String minutes(Optional<java.time.Duration> left) {
        long minutes = left.map(java.time.Duration::toMinutes).orElse(0L);
        return minutes < 1 ? "less than a minute" : minutes + " min";
    }

    /** A token for a profile of a stored environment, by F7's precedence. The caller closes it. */
    public Token token(Project project, Environment environment, String profile) {
        EnvironmentDraft draft = EnvironmentDraft.of(environment);
        CheckedDraft checked = checker(List.of()).check(draft);
        if (checked instanceof CheckedDraft.Invalid invalid) {
            throw QodexException.integrity("The stored environment " + environment.name() + " is not valid ("
                    + invalid.problems().get(0) + "); open it in the editor and save it again.");
        }
        EnvironmentSpec spec = ((CheckedDraft.Valid) checked).spec();
        return tokens.token(environment.id(), spec, profileOf(spec, profile), opener(project, draft));
    }

    /**
     * A resolver of {@code ${…}} for a stored environment and optionally one of its profiles, opening secrets only
     * when a template uses them (the UI-login recorder resolves its steps with it). The caller closes it.
     */
    public VariableResolver resolver(Project project, Environment environment, Optional<String> profile) {
        return resolver(project, environment, profile, java.util.Map.of());
    }

    /**
     * Like {@link #resolver(Project, Environment, Optional)}, with {@code extra} names bound to plain values that win
     * over the environment's (a scenario's captures).
     */
    public VariableResolver resolver(Project project, Environment environment, Optional<String> profile,
                                     java.util.Map<String, String> extra) {
        return resolvers(project, environment, profile).apply(extra);
    }

    /**
     * Resolvers for one environment and profile that differ only in {@code extra} plain values (a scenario's
     * captures, step after step): the environment is checked once, each resolver opens secrets on its own.
     */
    public java.util.function.Function<java.util.Map<String, String>, VariableResolver> resolvers(
            Project project, Environment environment, Optional<String> profile) {
        return resolvers(project, environment, profile, true);
    }

    /** Like {@link #resolvers(Project, Environment, Optional)}; {@code lastFour} false masks secrets whole. */
    public java.util.function.Function<java.util.Map<String, String>, VariableResolver> resolvers(
            Project project, Environment environment, Optional<String> profile, boolean lastFour) {
        EnvironmentDraft draft = EnvironmentDraft.of(environment);
        CheckedDraft checked = checker(List.of()).check(draft);
        if (checked instanceof CheckedDraft.Invalid invalid) {
            throw QodexException.integrity("The stored environment " + environment.name() + " is not valid ("
                    + invalid.problems().get(0) + "); open it in the editor and save it again.");
        }
        EnvironmentSpec spec = ((CheckedDraft.Valid) checked).spec();
        Optional<EnvironmentSpec.ProfileSpec> chosen = profile.map(name -> profileOf(spec, name));
        java.util.Map<String, Binding> base = Bindings.of(spec, chosen, opener(project, draft));
        boolean open = project.myRole().holdsProjectKey();
        return extra -> {
            if (extra.isEmpty()) {
                return new VariableResolver(base, open, lastFour);
            }
            java.util.Map<String, Binding> bindings = new java.util.HashMap<>(base);
            extra.forEach((name, value) -> bindings.put(name, new Binding.Literal(value)));
            return new VariableResolver(bindings, open, lastFour);
        };
    }

    /** Forgets the cached tokens of an environment (saving does this itself). */
    public void clearTokens(long environmentId) {
        tokens.clear(environmentId);
    }

    // ---------------------------------------------------------------- import and export

    /** The environment as a JSON-ready tree; secrets are left out and marked as such. */
    public java.util.Map<String, Object> export(Environment environment) {
        return EnvironmentExport.toTree(environment);
    }

    /**
     * Imports an environment from a parsed JSON tree (maps, lists, strings, numbers, booleans, nulls): every
     * problem is listed with its field and nothing is stored unless all is well.
     */
    public SaveResult importTree(Project project, Object tree, Optional<String> name) {
        requireEditor(project);
        EnvironmentImport.Result parsed = EnvironmentImport.parse(tree);
        if (parsed instanceof EnvironmentImport.Result.Refused refused) {
            List<FieldProblem> all = new java.util.ArrayList<>(refused.problems());
            refused.bestEffort().ifPresent(bestEffort -> {
                EnvironmentDraft renamed = name.map(bestEffort::withName).orElse(bestEffort);
                validate(project, renamed).problems().stream()
                        .filter(p -> all.stream().noneMatch(known -> overlaps(known.field(), p.field())))
                        .forEach(all::add);
                DraftSecrets.wipe(bestEffort);
            });
            return new SaveResult.Invalid(all);
        }
        EnvironmentDraft draft = ((EnvironmentImport.Result.Parsed) parsed).draft();
        if (name.isPresent()) {
            draft = draft.withName(name.get());
        }
        try {
            return save(project, draft);
        } finally {
            DraftSecrets.wipe(draft);
        }
    }

    // ---------------------------------------------------------------- helpers

    private SaveResult afterFailedSave(Project project, EnvironmentDraft draft, EnvironmentSpec spec,
                                       QodexException failure) {
        if (draft.base().isEmpty()) {
            if (failure.problem() == Problem.CONFLICT && list(project).stream()
                    .anyMatch(e -> e.name().sameAs(spec.name().value()))) {
                return new SaveResult.Invalid(List.of(new FieldProblem("name", "An environment named "
                        + spec.name() + " already exists in this project.")));
            }
            throw failure;
        }
        Environment base = draft.base().get();
        if (failure.problem() == Problem.NOT_FOUND) {
            return new SaveResult.Conflict(new EditConflict(Optional.empty(), List.of()));
        }
        if (failure.problem() == Problem.CONFLICT) {
            Optional<Environment> current = repository.find(project.id(), base.id());
            if (current.isEmpty()) {
                return new SaveResult.Conflict(new EditConflict(Optional.empty(), List.of()));
            }
            if (current.get().version() != base.version()) {
                return new SaveResult.Conflict(new EditConflict(current,
                        EnvironmentDiff.between(base, current.get())));
            }
            if (list(project).stream().anyMatch(e -> e.id() != base.id() && e.name().sameAs(spec.name().value()))) {
                return new SaveResult.Invalid(List.of(new FieldProblem("name", "An environment named "
                        + spec.name() + " already exists in this project.")));
            }
        }
        throw failure;
    }

    /** Whether two field paths concern the same thing (one is the other or contains it). */
    private static boolean overlaps(String a, String b) {
        return a.equals(b) || b.startsWith(a + ".") || b.startsWith(a + "[") || a.startsWith(b + ".")
                || a.startsWith(b + "[");
    }

    private static EnvironmentSpec.ProfileSpec profileOf(EnvironmentSpec spec, String name) {
        return spec.profile(name).orElseThrow(() -> QodexException.notFound("There is no auth profile " + name
                + " in " + spec.name() + (spec.profiles().isEmpty() ? "." : "; there are: " + spec.profiles().stream()
                .map(p -> p.name().value()).collect(Collectors.joining(", ")) + ".")));
    }

    /**
     * Ids first, then sealing: the new rows' ids are allocated, every new secret is sealed with its row's id, and only
     * ciphertext goes on to be stored (docs/decisions/0021).
     */
    private SealedEnvironment seal(Project project, EnvironmentSpec spec) {
        PrimitiveIterator.OfLong variableIds = newIds(EnvironmentRepository.RowKind.VARIABLE,
                spec.variables().stream().filter(v -> v.id().isEmpty()).count());
        PrimitiveIterator.OfLong profileIds = newIds(EnvironmentRepository.RowKind.AUTH_PROFILE,
                spec.profiles().stream().filter(p -> p.id().isEmpty()).count());
        return SealedEnvironment.of(spec, variableIds::nextLong, profileIds::nextLong,
                (field, rowId, value) -> secrets.encrypt(field, project.id(), rowId, value));
    }

    private PrimitiveIterator.OfLong newIds(EnvironmentRepository.RowKind kind, long count) {
        List<Long> ids = count == 0 ? List.of() : repository.allocateIds(kind, Math.toIntExact(count));
        if (ids.size() != count) {
            throw QodexException.integrity("The database allocated " + ids.size() + " ids instead of " + count + ".");
        }
        return ids.stream().mapToLong(Long::longValue).iterator();
    }

    private Bindings.StoredSecrets opener(Project project, EnvironmentDraft draft) {
        return (field, rowId, sealed) -> {
            if (!project.myRole().holdsProjectKey()) {
                throw QodexException.notAllowed("Viewers hold no project key, so secrets cannot be used here.");
            }
            if (draft.base().isEmpty()) {
                throw QodexException.notFound("This secret is not stored yet.");
            }
            return secrets.decrypt(field, project.id(), rowId, sealed.ciphertext());
        };
    }

    private static Optional<SealedSecret> sealedAt(Environment environment, SecretField field, long rowId) {
        return switch (field) {
            case ENVIRONMENT_VARIABLE -> environment.variables().stream().filter(v -> v.id() == rowId)
                    .findFirst().flatMap(Variable::sealedValue);
            case AUTH_PASSWORD -> environment.profiles().stream().filter(p -> p.id() == rowId)
                    .findFirst().flatMap(AuthProfile::password);
            case AUTH_STATIC_TOKEN -> environment.profiles().stream().filter(p -> p.id() == rowId)
                    .findFirst().flatMap(AuthProfile::staticToken);
            default -> throw QodexException.invalid("Environments do not store " + field.qualifiedName() + ".");
        };
    }

    private static void requireEditor(Project project) {
        if (!project.myRole().atLeast(ProjectRole.MEMBER)) {
            throw QodexException.notAllowed("Viewers cannot change environments; ask an Admin of " + project.name()
                    + " for the Member role.");
        }
    }
}
