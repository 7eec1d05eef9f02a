package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resolved values of an environment (for one auth profile, or none) with secrets masked: what the editor's
 * preview pane and {@code qodex env show} display. A line that does not resolve carries the reason instead.
 */
public record Preview(Optional<String> profile, List<Line> lines) {

    /** Which part of the environment a line belongs to. */
    public enum Section { BUILT_IN, VARIABLE, LOGIN }

    /** One resolved value; {@code value} is masked where a secret went into it. */
    public record Line(Section section, String name, String value, boolean secret, Optional<String> problem) {
    }

    public Preview {
        lines = List.copyOf(lines);
    }

    public List<Line> section(Section section) {
        return lines.stream().filter(l -> l.section() == section).toList();
    }

    /**
     * Resolves every variable and the profile's login. With {@code openSecrets} false (a Viewer, who holds no key)
     * secrets show as {@code ****} without being opened.
     */
    public static Preview of(EnvironmentSpec spec, Optional<EnvironmentSpec.ProfileSpec> profile,
                             Bindings.StoredSecrets stored, boolean openSecrets) {
        List<Line> lines = new ArrayList<>();
        try (VariableResolver resolver = new VariableResolver(Bindings.of(spec, profile, stored), openSecrets)) {
            List<String> builtIns = new ArrayList<>(List.of(BuiltInVariable.BASE_URL.camelName(),
                    BuiltInVariable.API_BASE_URL.camelName()));
            if (profile.isPresent()) {
                builtIns.add(BuiltInVariable.AUTH_EMAIL.camelName());
                builtIns.add(BuiltInVariable.AUTH_PASSWORD.camelName());
            }
            for (String name : builtIns) {
                lines.add(line(resolver, Section.BUILT_IN, name, "${" + name + "}", VariableResolver.Target.TEXT));
            }
            for (EnvironmentSpec.VariableSpec variable : spec.variables()) {
                String name = variable.name().value();
                lines.add(line(resolver, Section.VARIABLE, name, "${" + name + "}", VariableResolver.Target.TEXT));
            }
            profile.flatMap(EnvironmentSpec.ProfileSpec::apiLogin).ifPresent(login -> {
                String of = " of profile " + profile.get().name();
                Line url = line(resolver, Section.LOGIN, "URL", login.url(), VariableResolver.Target.TEXT, of);
                if (url.problem().isEmpty() && !url.secret()) {
                    String problem = DraftChecker.absoluteUrlProblem(url.value());
                    if (problem != null) {
                        url = new Line(Section.LOGIN, "URL", url.value(), false, Optional.of(problem));
                    }
                }
                lines.add(new Line(Section.LOGIN, "method", login.method().name(), false, Optional.empty()));
                lines.add(url);
                for (LoginHeader header : login.headers()) {
                    lines.add(line(resolver, Section.LOGIN, "header " + header.name(), header.value(),
                            VariableResolver.Target.TEXT, of));
                }
                lines.add(line(resolver, Section.LOGIN, "body", login.body(),
                        login.jsonBody() ? VariableResolver.Target.JSON : VariableResolver.Target.TEXT, of));
                lines.add(new Line(Section.LOGIN, "token path", login.tokenPath(), false, Optional.empty()));
            });
        }
        return new Preview(profile.map(p -> p.name().value()), lines);
    }

    private static Line line(VariableResolver resolver, Section section, String name, String template,
                             VariableResolver.Target target) {
        return line(resolver, section, name, template, target, "");
    }

    private static Line line(VariableResolver resolver, Section section, String name, String template,
                             VariableResolver.Target target, String of) {
        String where = section == Section.LOGIN ? "the login " + name + of : "${" + name + "}";
        try {
            ResolvedText resolved = resolver.resolve(template, target, where);
            return new Line(section, name, resolved.masked(), resolved.usesSecret(), Optional.empty());
        } catch (QodexException e) {
            return new Line(section, name, "", false, Optional.of(e.getMessage()));
        }
    }
}
