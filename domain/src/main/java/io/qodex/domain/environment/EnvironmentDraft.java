package io.qodex.domain.environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * An environment being edited, as raw values a view model binds to; {@link EnvironmentService#validate} checks it
 * field by field and {@link EnvironmentService#save} stores it against the version it was loaded from
 * ({@code base}; empty for a new environment). Immutable: the {@code with…} methods return changed copies.
 */
public record EnvironmentDraft(Optional<Environment> base, String name, String baseUrl, String apiBaseUrl,
                               EnvironmentPreset preset, String color, String label, boolean productionLike,
                               boolean readOnly, int maxRequestsPerSecond, boolean allowDestructiveTests,
                               boolean allowSecurityTesting, List<VariableDraft> variables,
                               List<ProfileDraft> profiles) {

    public EnvironmentDraft {
        variables = List.copyOf(variables);
        profiles = List.copyOf(profiles);
    }

    /** A new environment with a preset's recommended constraints and appearance. */
    public static EnvironmentDraft fromPreset(EnvironmentPreset preset, String name, String baseUrl, String apiBaseUrl) {
        Constraints c = preset.constraints();
        Appearance a = preset.appearance();
        return new EnvironmentDraft(Optional.empty(), name, baseUrl, apiBaseUrl, preset, a.color().orElse(""),
                a.label().orElse(""), a.productionLike(), c.readOnly(), c.maxRequestsPerSecond(),
                c.allowDestructiveTests(), c.allowSecurityTesting(), List.of(), List.of());
    }

    /** A draft editing a stored environment. */
    public static EnvironmentDraft of(Environment stored) {
        Constraints c = stored.constraints();
        Appearance a = stored.appearance();
        return new EnvironmentDraft(Optional.of(stored), stored.name().value(), stored.baseUrl().value(),
                stored.apiBaseUrl().map(HttpUrl::value).orElse(""), stored.preset(), a.color().orElse(""),
                a.label().orElse(""), a.productionLike(), c.readOnly(), c.maxRequestsPerSecond(),
                c.allowDestructiveTests(), c.allowSecurityTesting(),
                stored.variables().stream().map(VariableDraft::of).toList(),
                stored.profiles().stream().map(ProfileDraft::of).toList());
    }

    public OptionalLong id() {
        return base.map(e -> OptionalLong.of(e.id())).orElse(OptionalLong.empty());
    }

    public boolean isNew() {
        return base.isEmpty();
    }

    public EnvironmentDraft withName(String newName) {
        return new EnvironmentDraft(base, newName, baseUrl, apiBaseUrl, preset, color, label, productionLike, readOnly,
                maxRequestsPerSecond, allowDestructiveTests, allowSecurityTesting, variables, profiles);
    }

    public EnvironmentDraft withUrls(String newBaseUrl, String newApiBaseUrl) {
        return new EnvironmentDraft(base, name, newBaseUrl, newApiBaseUrl, preset, color, label, productionLike,
                readOnly, maxRequestsPerSecond, allowDestructiveTests, allowSecurityTesting, variables, profiles);
    }

    public EnvironmentDraft withAppearance(String newColor, String newLabel, boolean newProductionLike) {
        return new EnvironmentDraft(base, name, baseUrl, apiBaseUrl, preset, newColor, newLabel, newProductionLike,
                readOnly, maxRequestsPerSecond, allowDestructiveTests, allowSecurityTesting, variables, profiles);
    }

    public EnvironmentDraft withConstraints(boolean newReadOnly, int newRate, boolean newDestructive,
                                            boolean newSecurity) {
        return new EnvironmentDraft(base, name, baseUrl, apiBaseUrl, preset, color, label, productionLike, newReadOnly,
                newRate, newDestructive, newSecurity, variables, profiles);
    }

    public EnvironmentDraft withVariables(List<VariableDraft> newVariables) {
        return new EnvironmentDraft(base, name, baseUrl, apiBaseUrl, preset, color, label, productionLike, readOnly,
                maxRequestsPerSecond, allowDestructiveTests, allowSecurityTesting, newVariables, profiles);
    }

    public EnvironmentDraft withProfiles(List<ProfileDraft> newProfiles) {
        return new EnvironmentDraft(base, name, baseUrl, apiBaseUrl, preset, color, label, productionLike, readOnly,
                maxRequestsPerSecond, allowDestructiveTests, allowSecurityTesting, variables, newProfiles);
    }

    /** Sets a variable by name: replaces the one with that name (keeping its row) or adds it. */
    public EnvironmentDraft withVariable(VariableDraft variable) {
        List<VariableDraft> changed = new ArrayList<>();
        boolean replaced = false;
        for (VariableDraft existing : variables) {
            if (existing.name().equals(variable.name())) {
                changed.add(new VariableDraft(existing.id(), variable.name(), variable.secret(), variable.plainValue(),
                        variable.secretValue()));
                replaced = true;
            } else {
                changed.add(existing);
            }
        }
        if (!replaced) {
            changed.add(variable);
        }
        return withVariables(changed);
    }

    /** Changes the profile with that name (or adds a new one, then changed). */
    public EnvironmentDraft withProfile(String profileName, UnaryOperator<ProfileDraft> change) {
        List<ProfileDraft> changed = new ArrayList<>();
        boolean found = false;
        for (ProfileDraft existing : profiles) {
            if (existing.name().strip().equals(profileName.strip())) {
                changed.add(change.apply(existing));
                found = true;
            } else {
                changed.add(existing);
            }
        }
        if (!found) {
            changed.add(change.apply(ProfileDraft.named(profileName.strip())));
        }
        return withProfiles(changed);
    }

    /**
     * The same edits on top of a newer stored version (after a conflict, "keep editing"): saving it then replaces
     * that version deliberately.
     */
    public EnvironmentDraft rebasedOn(Environment current) {
        return new EnvironmentDraft(Optional.of(current), name, baseUrl, apiBaseUrl, preset, color, label,
                productionLike, readOnly, maxRequestsPerSecond, allowDestructiveTests, allowSecurityTesting, variables,
                profiles);
    }

    /** The same values as a new environment (no stored version behind it). */
    public EnvironmentDraft asNew() {
        return new EnvironmentDraft(Optional.empty(), name, baseUrl, apiBaseUrl, preset, color, label, productionLike,
                readOnly, maxRequestsPerSecond, allowDestructiveTests, allowSecurityTesting, variables, profiles);
    }

    @Override
    public String toString() {
        return "EnvironmentDraft[" + name + ", " + variables.size() + " variables, " + profiles.size() + " profiles]";
    }
}
