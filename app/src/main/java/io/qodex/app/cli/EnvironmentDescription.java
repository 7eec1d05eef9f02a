package io.qodex.app.cli;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.AuthProfile;
import io.qodex.domain.environment.Constraints;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentService;
import io.qodex.domain.environment.Masks;
import io.qodex.domain.environment.Preview;
import io.qodex.domain.project.Project;
import io.qodex.domain.secret.SecretField;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code qodex env show}: an environment line by line, values resolved, secrets masked (README lists the lines). */
final class EnvironmentDescription {

    private EnvironmentDescription() {
    }

    static void print(PrintWriter out, EnvironmentService service, Project project, Environment environment) {
        out.println("environment: " + environment.name());
        out.println("preset: " + environment.preset().code());
        out.println("label: " + environment.appearance().label().orElse("(none)")
                + (environment.appearance().productionLike() ? " (production-like)" : ""));
        out.println("colour: " + environment.appearance().color().orElse("(none)"));
        out.println("base URL: " + environment.baseUrl());
        out.println("API base URL: " + environment.apiBaseUrl().map(Object::toString).orElse("(same as the base URL)"));
        out.println("constraints: " + environment.constraints().describe());
        out.println("last change: " + environment.lastChange().describe());
        EnvironmentDraft draft = EnvironmentDraft.of(environment);
        Preview variables = service.preview(project, draft, Optional.empty());
        if (environment.variables().isEmpty()) {
            out.println("variables: (none)");
        } else {
            out.println("variables:");
            for (Preview.Line line : variables.section(Preview.Section.VARIABLE)) {
                out.println("  " + line(line, " = ") + (line.secret() ? " (secret)" : ""));
            }
        }
        if (environment.profiles().isEmpty()) {
            out.println("auth profiles: (none)");
        }
        for (AuthProfile profile : environment.profiles()) {
            out.println("profile " + profile.name() + ":");
            out.println("  email: " + profile.email().orElse("(not set)"));
            out.println("  password: " + (profile.password().isPresent() ? Masks.password() : "(not set)"));
            out.println("  static token: " + (profile.staticToken().isPresent()
                    ? maskedToken(service, project, environment, profile) : "(not set)"));
            if (profile.apiLogin().isEmpty()) {
                out.println("  HTTP login: (not set)");
            } else {
                Preview login = service.preview(project, draft, Optional.of(profile.name().value()));
                for (Preview.Line line : login.section(Preview.Section.LOGIN)) {
                    out.println("  " + (line.name().equals("method") ? "HTTP login method: " + line.value()
                            : line(line, ": ")));
                }
            }
            out.println("  UI login: " + (profile.uiLoginRecorded() ? "recorded" : "not recorded"));
        }
    }

    /** The same as one JSON object ({@code env show --json}; fields in docs/cli-json.md). */
    static Map<String, @Nullable Object> json(EnvironmentService service, Project project, Environment environment) {
        EnvironmentDraft draft = EnvironmentDraft.of(environment);
        List<Map<String, @Nullable Object>> variables = new ArrayList<>();
        for (Preview.Line line : service.preview(project, draft, Optional.empty()).section(Preview.Section.VARIABLE)) {
            variables.add(Listing.object("name", line.name(), "value", line.problem().isPresent() ? null : line.value(),
                    "secret", line.secret(), "problem", line.problem()));
        }
        List<Map<String, @Nullable Object>> profiles = new ArrayList<>();
        for (AuthProfile profile : environment.profiles()) {
            List<Map<String, @Nullable Object>> login = new ArrayList<>();
            if (profile.apiLogin().isPresent()) {
                for (Preview.Line line : service.preview(project, draft, Optional.of(profile.name().value()))
                        .section(Preview.Section.LOGIN)) {
                    login.add(Listing.object("name", line.name(), "value",
                            line.problem().isPresent() ? null : line.value(), "problem", line.problem()));
                }
            }
            profiles.add(Listing.object("name", profile.name().value(), "email", profile.email(),
                    "password_set", profile.password().isPresent(),
                    "static_token", profile.staticToken().isPresent() ? maskedToken(service, project, environment, profile)
                            : null,
                    "http_login", profile.apiLogin().isPresent() ? login : null,
                    "ui_login_recorded", profile.uiLoginRecorded()));
        }
        Constraints constraints = environment.constraints();
        return Listing.object("name", environment.name().value(), "preset", environment.preset().code(),
                "label", environment.appearance().label(), "production_like", environment.appearance().productionLike(),
                "color", environment.appearance().color(), "base_url", environment.baseUrl().value(),
                "api_base_url", environment.apiBaseUrl().map(Object::toString),
                "constraints", Listing.object("read_only", constraints.readOnly(),
                        "max_requests_per_second", constraints.maxRequestsPerSecond(),
                        "allow_destructive_tests", constraints.allowDestructiveTests(),
                        "allow_security_testing", constraints.allowSecurityTesting()),
                "last_change", environment.lastChange().describe(), "variables", variables, "profiles", profiles);
    }

    private static String line(Preview.Line line, String separator) {
        return line.name() + separator + line.problem().map(p -> "cannot resolve: " + p).orElse(line.value());
    }

    private static String maskedToken(EnvironmentService service, Project project, Environment environment,
                                      AuthProfile profile) {
        if (!project.myRole().holdsProjectKey()) {
            return Masks.STORED;
        }
        try (Secret token = service.reveal(project, environment, SecretField.AUTH_STATIC_TOKEN, profile.id())) {
            return Masks.lastFour(token);
        } catch (QodexException e) {
            return Masks.STORED;
        }
    }
}
