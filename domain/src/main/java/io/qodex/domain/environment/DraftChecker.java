package io.qodex.domain.environment;

import io.qodex.domain.common.FieldProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Checks a draft field by field and turns it into an {@link EnvironmentSpec}: every problem is reported with its
 * field, not only the first. Template references (unknown, cyclic, malformed) are checked by
 * {@link TemplateChecker} once the structure is sound.
 */
public final class DraftChecker {

    public static final int MAX_VARIABLES = 500;
    public static final int MAX_PROFILES = 20;
    public static final int MAX_SECRET_LENGTH = 10_000;

    private final List<EnvironmentSummary> siblings;
    private final Function<String, Optional<String>> tokenPathCheck;
    private final List<FieldProblem> problems = new ArrayList<>();

    /**
     * @param siblings       the project's environments (for unique names)
     * @param tokenPathCheck the JSONPath library's verdict on a path (empty when it compiles)
     */
    public DraftChecker(List<EnvironmentSummary> siblings, Function<String, Optional<String>> tokenPathCheck) {
        this.siblings = siblings;
        this.tokenPathCheck = tokenPathCheck;
    }

    public CheckedDraft check(EnvironmentDraft draft) {
        problems.clear();
        String name = draft.name() == null ? "" : draft.name().strip();
        report("name", EnvironmentName.problemWith(name));
        if (EnvironmentName.problemWith(name) == null && siblings.stream().anyMatch(s ->
                s.name().sameAs(name) && (draft.id().isEmpty() || s.id() != draft.id().getAsLong()))) {
            report("name", "An environment named " + name + " already exists in this project.");
        }
        String baseUrl = HttpUrl.normalise(draft.baseUrl());
        report("baseUrl", HttpUrl.problemWith(baseUrl));
        String apiBaseUrl = HttpUrl.normalise(draft.apiBaseUrl());
        if (!apiBaseUrl.isEmpty()) {
            report("apiBaseUrl", HttpUrl.problemWith(apiBaseUrl));
        }
        Optional<String> color = Appearance.normaliseColor(draft.color());
        color.ifPresent(c -> report("color", Appearance.colorProblem(c)));
        String label = draft.label() == null ? "" : draft.label().strip();
        if (!label.isEmpty()) {
            report("label", Appearance.labelProblem(label));
        }
        report("maxRequestsPerSecond", Constraints.rateProblem(draft.maxRequestsPerSecond()));
        List<EnvironmentSpec.VariableSpec> variables = variables(draft);
        List<EnvironmentSpec.ProfileSpec> profiles = profiles(draft);
        if (!problems.isEmpty()) {
            return new CheckedDraft.Invalid(problems);
        }
        EnvironmentSpec spec = new EnvironmentSpec(draft.id(), draft.base().map(Environment::version).orElse(0L),
                new EnvironmentName(name), new HttpUrl(baseUrl),
                apiBaseUrl.isEmpty() ? Optional.empty() : Optional.of(new HttpUrl(apiBaseUrl)), draft.preset(),
                new Appearance(color, label.isEmpty() ? Optional.empty() : Optional.of(label), draft.productionLike()),
                new Constraints(draft.readOnly(), draft.maxRequestsPerSecond(), draft.allowDestructiveTests(),
                        draft.allowSecurityTesting()),
                variables, profiles);
        List<FieldProblem> templateProblems = new TemplateChecker(spec).check();
        return templateProblems.isEmpty() ? new CheckedDraft.Valid(spec) : new CheckedDraft.Invalid(templateProblems);
    }

    private List<EnvironmentSpec.VariableSpec> variables(EnvironmentDraft draft) {
        if (draft.variables().size() > MAX_VARIABLES) {
            report("variables", "An environment has at most " + MAX_VARIABLES + " variables ("
                    + draft.variables().size() + " given).");
            return List.of();
        }
        List<EnvironmentSpec.VariableSpec> specs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < draft.variables().size(); i++) {
            VariableDraft variable = draft.variables().get(i);
            String field = "variables[" + i + "]";
            String name = variable.name() == null ? "" : variable.name().strip();
            String nameProblem = VariableName.problemWith(name);
            report(field + ".name", nameProblem);
            if (nameProblem == null && !seen.add(name)) {
                report(field + ".name", "Another variable is also named " + name + ".");
            }
            Optional<Variable> stored = stored(draft, variable.id(), field);
            Optional<SealedSecret> sealed = Optional.empty();
            if (!variable.secret()) {
                report(field + ".value", lengthProblem("A value", variable.plainValue(), Variable.MAX_VALUE_LENGTH));
            } else if (variable.secretValue() instanceof SecretInput.Replace replace) {
                report(field + ".value", lengthProblem("A secret", replace.value().length(), MAX_SECRET_LENGTH));
            } else if (variable.secretValue() instanceof SecretInput.Keep && stored.isPresent()) {
                if (!stored.get().secret() && stored.get().plainValue().isPresent()) {
                    report(field + ".value", "Type the value again to store it as a secret (it was plain text).");
                }
                sealed = stored.get().sealedValue();
            }
            if (nameProblem == null) {
                specs.add(new EnvironmentSpec.VariableSpec(variable.id(), new VariableName(name), variable.secret(),
                        variable.secret() ? "" : variable.plainValue(),
                        variable.secret() ? variable.secretValue() : SecretInput.CLEAR, sealed));
            }
        }
        return specs;
    }

    private List<EnvironmentSpec.ProfileSpec> profiles(EnvironmentDraft draft) {
        if (draft.profiles().size() > MAX_PROFILES) {
            report("authProfiles", "An environment has at most " + MAX_PROFILES + " auth profiles ("
                    + draft.profiles().size() + " given).");
            return List.of();
        }
        List<EnvironmentSpec.ProfileSpec> specs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < draft.profiles().size(); i++) {
            ProfileDraft profile = draft.profiles().get(i);
            String field = "authProfiles[" + i + "]";
            String name = profile.name() == null ? "" : profile.name().strip();
            String nameProblem = ProfileName.problemWith(name);
            report(field + ".name", nameProblem);
            if (nameProblem == null && !seen.add(name.toLowerCase(Locale.ROOT))) {
                report(field + ".name", "Another profile is also named " + name + ".");
            }
            String email = profile.email() == null ? "" : profile.email().strip();
            report(field + ".email", emailProblem(email));
            checkSecret(field + ".password", profile.password(), 1000);
            checkSecret(field + ".staticToken", profile.staticToken(), MAX_SECRET_LENGTH);
            Optional<AuthProfile> stored = storedProfile(draft, profile.id(), field);
            Optional<ApiLoginConfig> login = profile.apiLogin().flatMap(l -> apiLogin(field + ".apiLogin", l));
            if (nameProblem == null) {
                specs.add(new EnvironmentSpec.ProfileSpec(profile.id(), new ProfileName(name),
                        email.isEmpty() ? Optional.empty() : Optional.of(email),
                        profile.password(), stored.flatMap(AuthProfile::password),
                        profile.staticToken(), stored.flatMap(AuthProfile::staticToken), login));
            }
        }
        return specs;
    }

    private Optional<ApiLoginConfig> apiLogin(String field, ApiLoginDraft login) {
        int before = problems.size();
        HttpMethod method = null;
        try {
            method = HttpMethod.parse(login.method());
        } catch (io.qodex.domain.common.QodexException e) {
            report(field + ".method", e.getMessage());
        }
        String url = login.url() == null ? "" : login.url().strip();
        report(field + ".url", loginUrlProblem(url));
        if (login.headers().size() > ApiLoginConfig.MAX_HEADERS) {
            report(field + ".headers", "A login has at most " + ApiLoginConfig.MAX_HEADERS + " headers.");
        } else {
            for (int h = 0; h < login.headers().size(); h++) {
                LoginHeader header = login.headers().get(h);
                report(field + ".headers[" + h + "].name", LoginHeader.nameProblem(header.name()));
                report(field + ".headers[" + h + "].value", LoginHeader.valueProblem(header.value()));
            }
        }
        String body = login.body() == null ? "" : login.body();
        report(field + ".body", lengthProblem("A login body", body, ApiLoginConfig.MAX_BODY_LENGTH));
        String tokenPath = login.tokenPath() == null ? "" : login.tokenPath().strip();
        String pathProblem = TokenPathSyntax.problemWith(tokenPath);
        report(field + ".tokenPath", pathProblem);
        if (pathProblem == null) {
            tokenPathCheck.apply(tokenPath).ifPresent(p -> report(field + ".tokenPath", p));
        }
        if (problems.size() > before || method == null) {
            return Optional.empty();
        }
        return Optional.of(new ApiLoginConfig(method, url, login.headers(), body, tokenPath));
    }

    static @Nullable String loginUrlProblem(String url) {
        if (url.isEmpty()) {
            return "Enter the login URL, e.g. ${apiBaseUrl}/login.";
        }
        if (url.length() > ApiLoginConfig.MAX_URL_LENGTH) {
            return "A login URL has at most " + ApiLoginConfig.MAX_URL_LENGTH + " characters (" + url.length()
                    + " given).";
        }
        if (url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return "A login URL cannot contain spaces or line breaks.";
        }
        if (!url.contains("${")) {
            return absoluteUrlProblem(url);
        }
        return null;
    }

    /** Why a resolved login URL cannot be sent, or null; a bare path is named as such. */
    static @Nullable String absoluteUrlProblem(String url) {
        if (url.startsWith("/")) {
            return "The login URL must be absolute after substitution, but it is a bare path; start it with "
                    + "${apiBaseUrl} or ${baseUrl}.";
        }
        String problem = HttpUrl.problemWith(url);
        return problem == null ? null : "The login URL must be an absolute http(s) URL after substitution: " + problem;
    }

    private Optional<Variable> stored(EnvironmentDraft draft, OptionalLong id, String field) {
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Optional<Variable> found = draft.base().flatMap(e -> e.variables().stream()
                .filter(v -> v.id() == id.getAsLong()).findFirst());
        if (found.isEmpty()) {
            report(field, "This variable no longer exists in the stored environment; add it again.");
        }
        return found;
    }

    private Optional<AuthProfile> storedProfile(EnvironmentDraft draft, OptionalLong id, String field) {
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Optional<AuthProfile> found = draft.base().flatMap(e -> e.profiles().stream()
                .filter(p -> p.id() == id.getAsLong()).findFirst());
        if (found.isEmpty()) {
            report(field, "This profile no longer exists in the stored environment; add it again.");
        }
        return found;
    }

    private void checkSecret(String field, SecretInput input, int max) {
        if (input instanceof SecretInput.Replace replace) {
            if (replace.value().isEmpty()) {
                report(field, "Enter a value, or clear it instead.");
            }
            report(field, lengthProblem("A secret", replace.value().length(), max));
        }
    }

    private static @Nullable String emailProblem(String email) {
        if (email.length() > AuthProfile.MAX_EMAIL_LENGTH) {
            return "A login identifier has at most " + AuthProfile.MAX_EMAIL_LENGTH + " characters (" + email.length()
                    + " given).";
        }
        if (email.chars().anyMatch(Character::isISOControl)) {
            return "A login identifier cannot contain control characters.";
        }
        return null;
    }

    private static @Nullable String lengthProblem(String what, @Nullable String value, int max) {
        return value == null ? null : lengthProblem(what, value.length(), max);
    }

    private static @Nullable String lengthProblem(String what, int length, int max) {
        return length > max ? what + " has at most " + max + " characters (" + length + " given)." : null;
    }

    private void report(String field, @Nullable String problem) {
        if (problem != null) {
            problems.add(new FieldProblem(field, problem));
        }
    }
}
