package io.qodex.domain.environment;

import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.common.QodexException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves every template of a spec without opening any secret, so that unknown, cyclic or malformed references
 * and login URLs that are not absolute are reported with their field before saving.
 */
final class TemplateChecker {

    private final EnvironmentSpec spec;
    private final List<FieldProblem> problems = new ArrayList<>();

    TemplateChecker(EnvironmentSpec spec) {
        this.spec = spec;
    }

    List<FieldProblem> check() {
        try (VariableResolver resolver = new VariableResolver(Bindings.forChecks(spec, Optional.empty()), false)) {
            for (int i = 0; i < spec.variables().size(); i++) {
                EnvironmentSpec.VariableSpec variable = spec.variables().get(i);
                if (!variable.secret()) {
                    attempt("variables[" + i + "].value", () -> resolver.resolve("${" + variable.name() + "}",
                            VariableResolver.Target.TEXT, "variable " + variable.name()));
                }
            }
        }
        for (int i = 0; i < spec.profiles().size(); i++) {
            EnvironmentSpec.ProfileSpec profile = spec.profiles().get(i);
            if (profile.apiLogin().isPresent()) {
                checkLogin("authProfiles[" + i + "].apiLogin", profile, profile.apiLogin().get());
            }
        }
        return problems;
    }

    private void checkLogin(String field, EnvironmentSpec.ProfileSpec profile, ApiLoginConfig login) {
        try (VariableResolver resolver = new VariableResolver(
                Bindings.forChecks(spec, Optional.of(profile)), false)) {
            String of = " of profile " + profile.name();
            attempt(field + ".url", () -> {
                ResolvedText url = resolver.resolve(login.url(), VariableResolver.Target.TEXT, "the login URL" + of);
                String problem = url.usesSecret() ? null : DraftChecker.absoluteUrlProblem(url.value());
                if (problem != null) {
                    throw QodexException.invalid(problem);
                }
                return url;
            });
            for (int h = 0; h < login.headers().size(); h++) {
                LoginHeader header = login.headers().get(h);
                attempt(field + ".headers[" + h + "].value", () -> resolver.resolve(header.value(),
                        VariableResolver.Target.TEXT, "the header " + header.name() + of));
            }
            attempt(field + ".body", () -> resolver.resolve(login.body(),
                    login.jsonBody() ? VariableResolver.Target.JSON : VariableResolver.Target.TEXT,
                    "the login body" + of));
        }
    }

    private void attempt(String field, java.util.function.Supplier<ResolvedText> resolution) {
        try {
            resolution.get();
        } catch (QodexException e) {
            problems.add(new FieldProblem(field, e.getMessage()));
        }
    }
}
