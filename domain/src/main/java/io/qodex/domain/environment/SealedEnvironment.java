package io.qodex.domain.environment;

import io.qodex.domain.secret.SecretField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * A checked environment ready to store: every row has its id (new rows one allocated before sealing) and every new
 * secret is sealed for its row, so what reaches a repository is ciphertext only (docs/decisions/0021).
 */
public record SealedEnvironment(OptionalLong id, long expectedVersion, EnvironmentName name, HttpUrl baseUrl,
                                Optional<HttpUrl> apiBaseUrl, EnvironmentPreset preset, Appearance appearance,
                                Constraints constraints, List<VariableRow> variables, List<ProfileRow> profiles) {

    public SealedEnvironment {
        variables = List.copyOf(variables);
        profiles = List.copyOf(profiles);
    }

    /** A variable to store; {@code added} when the row is new (its id allocated, not yet in the table). */
    public record VariableRow(long id, boolean added, VariableName name, boolean secret, String plainValue,
                              SealedInput secretValue) {
    }

    /** An auth profile to store (its UI login, if any, is left as it is). */
    public record ProfileRow(long id, boolean added, ProfileName name, Optional<String> email, SealedInput password,
                             SealedInput staticToken, Optional<ApiLoginConfig> apiLogin) {
    }

    /**
     * Gives the spec's new rows the ids {@code newVariableIds} and {@code newProfileIds} hand out (in order) and seals
     * every new secret for its row with {@code sealer}.
     */
    public static SealedEnvironment of(EnvironmentSpec spec, LongSupplier newVariableIds, LongSupplier newProfileIds,
                                       SecretSealer sealer) {
        List<VariableRow> variables = new ArrayList<>();
        for (EnvironmentSpec.VariableSpec variable : spec.variables()) {
            long id = variable.id().isPresent() ? variable.id().getAsLong() : newVariableIds.getAsLong();
            SealedInput value = variable.secret()
                    ? sealed(variable.secretValue(), sealer, SecretField.ENVIRONMENT_VARIABLE, id) : SealedInput.KEEP;
            variables.add(new VariableRow(id, variable.id().isEmpty(), variable.name(), variable.secret(),
                    variable.plainValue(), value));
        }
        List<ProfileRow> profiles = new ArrayList<>();
        for (EnvironmentSpec.ProfileSpec profile : spec.profiles()) {
            long id = profile.id().isPresent() ? profile.id().getAsLong() : newProfileIds.getAsLong();
            profiles.add(new ProfileRow(id, profile.id().isEmpty(), profile.name(), profile.email(),
                    sealed(profile.password(), sealer, SecretField.AUTH_PASSWORD, id),
                    sealed(profile.staticToken(), sealer, SecretField.AUTH_STATIC_TOKEN, id), profile.apiLogin()));
        }
        return new SealedEnvironment(spec.id(), spec.expectedVersion(), spec.name(), spec.baseUrl(), spec.apiBaseUrl(),
                spec.preset(), spec.appearance(), spec.constraints(), variables, profiles);
    }

    private static SealedInput sealed(SecretInput input, SecretSealer sealer, SecretField field, long rowId) {
        if (input instanceof SecretInput.Replace replace) {
            return new SealedInput.Store(new SealedSecret(sealer.seal(field, rowId, replace.value())));
        }
        return input instanceof SecretInput.Clear ? SealedInput.CLEAR : SealedInput.KEEP;
    }
}
