package io.qodex.domain.environment;

import java.util.List;
import java.util.Optional;

/**
 * One environment of a project, fully loaded: URLs, appearance, constraints, custom variables and auth profiles.
 * Secrets appear only as {@link SealedSecret}s. {@code version} is the optimistic-locking version the editor saves
 * against.
 */
public record Environment(long id, long projectId, EnvironmentName name, HttpUrl baseUrl, Optional<HttpUrl> apiBaseUrl,
                          EnvironmentPreset preset, Appearance appearance, Constraints constraints,
                          List<Variable> variables, List<AuthProfile> profiles, int sortOrder, long version,
                          ChangeStamp lastChange) {

    public Environment {
        variables = List.copyOf(variables);
        profiles = List.copyOf(profiles);
    }

    public EnvironmentSummary summary() {
        return new EnvironmentSummary(id, projectId, name, baseUrl, apiBaseUrl, preset, appearance, constraints,
                sortOrder, version);
    }

    public Optional<Variable> variable(String variableName) {
        return variables.stream().filter(v -> v.name().value().equals(variableName)).findFirst();
    }

    public Optional<AuthProfile> profile(String profileName) {
        return profiles.stream().filter(p -> p.name().value().equals(profileName.strip())).findFirst();
    }

    /** The API base URL, or the base URL when none is set (what {@code ${apiBaseUrl}} resolves to). */
    public HttpUrl effectiveApiBaseUrl() {
        return apiBaseUrl.orElse(baseUrl);
    }
}
