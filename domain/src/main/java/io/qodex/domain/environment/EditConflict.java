package io.qodex.domain.environment;

import java.util.List;
import java.util.Optional;

/**
 * Someone else saved (or deleted) the environment after the draft was loaded. {@code current} is their version
 * (empty if deleted), {@code changes} what they changed compared with the version the draft started from.
 */
public record EditConflict(Optional<Environment> current, List<String> changes) {

    public EditConflict {
        changes = List.copyOf(changes);
    }

    public String message() {
        if (current.isEmpty()) {
            return "Someone deleted this environment after you opened it; nothing was saved. Save it again as a new "
                    + "environment or discard your changes.";
        }
        String who = current.get().lastChange().describe();
        String what = changes.isEmpty() ? "" : " (" + String.join("; ", changes) + ")";
        return "This environment was changed by " + who + " after you opened it" + what + "; nothing was saved. "
                + "Reload to see their version, or keep editing and save again to replace it.";
    }
}
