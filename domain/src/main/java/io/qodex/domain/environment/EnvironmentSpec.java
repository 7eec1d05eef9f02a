package io.qodex.domain.environment;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A checked draft: every value parsed. Secrets are still {@link SecretInput}s; {@link SealedEnvironment#of} gives new
 * rows their ids and seals new secrets before anything is stored. {@code stored…} are the values they keep.
 */
public record EnvironmentSpec(OptionalLong id, long expectedVersion, EnvironmentName name, HttpUrl baseUrl,
                              Optional<HttpUrl> apiBaseUrl, EnvironmentPreset preset, Appearance appearance,
                              Constraints constraints, List<VariableSpec> variables, List<ProfileSpec> profiles) {

    public EnvironmentSpec {
        variables = List.copyOf(variables);
        profiles = List.copyOf(profiles);
    }

    public HttpUrl effectiveApiBaseUrl() {
        return apiBaseUrl.orElse(baseUrl);
    }

    public Optional<ProfileSpec> profile(String profileName) {
        return profiles.stream().filter(p -> p.name().value().equals(profileName.strip())).findFirst();
    }

    /** A custom variable: plain (a template) or secret (a literal). */
    public record VariableSpec(OptionalLong id, VariableName name, boolean secret, String plainValue,
                               SecretInput secretValue, Optional<SealedSecret> stored) {
    }

    /** An auth profile. */
    public record ProfileSpec(OptionalLong id, ProfileName name, Optional<String> email, SecretInput password,
                              Optional<SealedSecret> storedPassword, SecretInput staticToken,
                              Optional<SealedSecret> storedStaticToken, Optional<ApiLoginConfig> apiLogin) {

        public boolean hasPassword() {
            return password instanceof SecretInput.Replace
                    || (password instanceof SecretInput.Keep && storedPassword.isPresent());
        }

        public boolean hasStaticToken() {
            return staticToken instanceof SecretInput.Replace
                    || (staticToken instanceof SecretInput.Keep && storedStaticToken.isPresent());
        }
    }
}
