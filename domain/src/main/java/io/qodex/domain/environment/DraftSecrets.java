package io.qodex.domain.environment;

import io.qodex.domain.common.Secret;
import java.util.ArrayList;
import java.util.List;

/** The new secrets a draft holds, for wiping them when the draft is done with (saved, discarded). */
public final class DraftSecrets {

    private DraftSecrets() {
    }

    public static List<Secret> of(EnvironmentDraft draft) {
        List<Secret> held = new ArrayList<>();
        for (VariableDraft variable : draft.variables()) {
            add(held, variable.secretValue());
        }
        for (ProfileDraft profile : draft.profiles()) {
            add(held, profile.password());
            add(held, profile.staticToken());
        }
        return held;
    }

    /** Wipes every secret the draft holds; the draft must not be used afterwards. */
    public static void wipe(EnvironmentDraft draft) {
        of(draft).forEach(Secret::close);
    }

    private static void add(List<Secret> held, SecretInput input) {
        if (input instanceof SecretInput.Replace replace) {
            held.add(replace.value());
        }
    }
}
