package io.qodex.app.logins;

import io.qodex.app.common.Shell;
import io.qodex.domain.environment.EnvironmentSummary;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.jspecify.annotations.Nullable;

/**
 * The environment shown has no auth profile, so there is nothing to record or replay: why Record and Replay are off,
 * and the way to Environments → Auth profiles of that environment.
 */
public final class MissingProfile {

    static final String TAB = "auth-profiles";

    private final Shell shell;
    private final ReadOnlyBooleanWrapper missing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper reason = new ReadOnlyStringWrapper("");
    private @Nullable EnvironmentSummary environment;

    MissingProfile(Shell shell) {
        this.shell = shell;
    }

    /** The profiles of {@code shown} were read: none, or some. */
    void show(@Nullable EnvironmentSummary shown, boolean none) {
        environment = shown;
        missing.set(shown != null && none);
        reason.set(missing.get() ? shown.name().value() + " has no auth profile, so there is no login to record or "
                + "replay. Add one under Environments → Auth profiles." : "");
    }

    public ReadOnlyBooleanProperty missingProperty() {
        return missing.getReadOnlyProperty();
    }

    /** Why Record and Replay are off, or "" when a profile is there. */
    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    /** Opens Environments on the auth profiles of the environment shown here. */
    public void open() {
        EnvironmentSummary shown = environment;
        if (shown == null) {
            return;
        }
        shell.open("environments", java.util.List.of(shown.name().value(), TAB));
    }
}
