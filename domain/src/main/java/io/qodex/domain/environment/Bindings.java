package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.SecretField;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Builds what each variable name stands for in an environment, for one auth profile (or none). */
public final class Bindings {

    /** Opens a stored secret of this environment (decrypts it with the project key). */
    @FunctionalInterface
    public interface StoredSecrets {
        Secret open(SecretField field, long rowId, SealedSecret sealed);

        /** For checks and previews that never open a secret. */
        StoredSecrets NEVER = (field, rowId, sealed) -> {
            throw QodexException.notAllowed("Stored secrets are not opened here.");
        };
    }

    private Bindings() {
    }

    public static Map<String, Binding> of(EnvironmentSpec spec, Optional<EnvironmentSpec.ProfileSpec> profile,
                                          StoredSecrets stored) {
        Map<String, Binding> bindings = new HashMap<>();
        put(bindings, BuiltInVariable.BASE_URL, new Binding.Literal(spec.baseUrl().value()));
        put(bindings, BuiltInVariable.API_BASE_URL, new Binding.Literal(spec.effectiveApiBaseUrl().value()));
        put(bindings, BuiltInVariable.AUTH_EMAIL, profile.map(Bindings::email).orElseGet(() ->
                new Binding.Unavailable("${authEmail} needs an auth profile: choose the profile to use.")));
        put(bindings, BuiltInVariable.AUTH_PASSWORD, profile.map(p -> password(p, stored)).orElseGet(() ->
                new Binding.Unavailable("${authPassword} needs an auth profile: choose the profile to use.")));
        for (EnvironmentSpec.VariableSpec variable : spec.variables()) {
            bindings.put(variable.name().value(), variable(variable, stored));
        }
        return bindings;
    }

    /**
     * For checking templates before saving: values that are not set (no profile, no password, a secret left out of
     * an import) stand for placeholders, so only unknown, cyclic or malformed references are errors.
     */
    static Map<String, Binding> forChecks(EnvironmentSpec spec, Optional<EnvironmentSpec.ProfileSpec> profile) {
        Map<String, Binding> bindings = new HashMap<>(of(spec, profile, StoredSecrets.NEVER));
        bindings.replaceAll((name, binding) -> binding instanceof Binding.Unavailable
                ? new Binding.SecretValue(() -> Secret.copyOf(""), true) : binding);
        return bindings;
    }

    private static void put(Map<String, Binding> bindings, BuiltInVariable variable, Binding binding) {
        bindings.put(variable.camelName(), binding);
        bindings.put(variable.snakeName(), binding);
    }

    private static Binding email(EnvironmentSpec.ProfileSpec profile) {
        return profile.email().<Binding>map(Binding.Literal::new).orElseGet(() -> new Binding.Unavailable(
                "The profile " + profile.name() + " has no email (login identifier) for ${authEmail}."));
    }

    private static Binding password(EnvironmentSpec.ProfileSpec profile, StoredSecrets stored) {
        Binding secret = secret(profile.password(), profile.storedPassword(), SecretField.AUTH_PASSWORD,
                profile.id().orElse(0), stored, true);
        return secret != null ? secret : new Binding.Unavailable("The profile " + profile.name()
                + " has no password for ${authPassword}.");
    }

    private static Binding variable(EnvironmentSpec.VariableSpec variable, StoredSecrets stored) {
        if (!variable.secret()) {
            return new Binding.Template(variable.plainValue());
        }
        Binding secret = secret(variable.secretValue(), variable.stored(), SecretField.ENVIRONMENT_VARIABLE,
                variable.id().orElse(0), stored, false);
        return secret != null ? secret : new Binding.Unavailable("The secret variable " + variable.name()
                + " has no value yet; set it in the editor.");
    }

    private static Binding.@org.jspecify.annotations.Nullable SecretValue secret(
            SecretInput input, Optional<SealedSecret> sealed, SecretField field, long rowId, StoredSecrets stored,
            boolean password) {
        if (input instanceof SecretInput.Replace replace) {
            return new Binding.SecretValue(() -> replace.value().copy(), password);
        }
        if (input instanceof SecretInput.Keep && sealed.isPresent()) {
            SealedSecret value = sealed.get();
            return new Binding.SecretValue(() -> stored.open(field, rowId, value), password);
        }
        return null;
    }
}
