package io.qodex.app.environments;

import io.qodex.domain.environment.AuthProfile;
import io.qodex.domain.environment.ChangeStamp;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentName;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.HttpUrl;
import io.qodex.domain.environment.ProfileName;
import io.qodex.domain.environment.SealedSecret;
import io.qodex.domain.environment.Variable;
import io.qodex.domain.environment.VariableName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Stored environments as the editor's view models get them, and the one draft their edits go to (what
 * {@link EnvironmentsViewModel#update} is for the page).
 */
final class StoredEnvironments {

    /** Staging: TENANT (plain), API_TOKEN (a stored secret); profile admin with a stored password, no token. */
    static Environment staging() {
        return new Environment(1, 7, new EnvironmentName("Staging"), new HttpUrl("https://staging.shop.example"),
                Optional.empty(), EnvironmentPreset.STAGING, EnvironmentPreset.STAGING.appearance(),
                EnvironmentPreset.STAGING.constraints(),
                List.of(new Variable(11, new VariableName("TENANT"), false, Optional.of("acme"), Optional.empty()),
                        new Variable(12, new VariableName("API_TOKEN"), true, Optional.empty(),
                                Optional.of(new SealedSecret("sealed")))),
                List.of(new AuthProfile(21, new ProfileName("admin"), Optional.of("qa-admin@example.com"),
                        Optional.of(new SealedSecret("sealed")), Optional.empty(), Optional.empty(), true)),
                0, 3, new ChangeStamp(Optional.empty(), Instant.EPOCH));
    }

    /** QA: one plain variable, no profiles. */
    static Environment qa() {
        return new Environment(2, 7, new EnvironmentName("QA"), new HttpUrl("https://qa.shop.example"),
                Optional.empty(), EnvironmentPreset.QA, EnvironmentPreset.QA.appearance(),
                EnvironmentPreset.QA.constraints(),
                List.of(new Variable(31, new VariableName("TENANT"), false, Optional.of("qa"), Optional.empty())),
                List.of(), 1, 1, new ChangeStamp(Optional.empty(), Instant.EPOCH));
    }

    /** The draft being edited, and how many edits reached it. */
    static final class Draft {
        EnvironmentDraft value;
        int edits;

        Draft(Environment stored) {
            value = EnvironmentDraft.of(stored);
        }

        void apply(UnaryOperator<EnvironmentDraft> change) {
            value = change.apply(value);
            edits++;
        }
    }

    private StoredEnvironments() {
    }
}
