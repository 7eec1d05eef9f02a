package io.qodex.domain.environment;

import java.util.Optional;

/** An environment as the list, the toolbar switcher and the status bar show it: no variables, no secrets. */
public record EnvironmentSummary(long id, long projectId, EnvironmentName name, HttpUrl baseUrl,
                                 Optional<HttpUrl> apiBaseUrl, EnvironmentPreset preset, Appearance appearance,
                                 Constraints constraints, int sortOrder, long version) {

    public boolean productionLike() {
        return appearance.productionLike();
    }
}
