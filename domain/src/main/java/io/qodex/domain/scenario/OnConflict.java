package io.qodex.domain.scenario;

import io.qodex.domain.common.QodexException;
import java.util.Locale;

/** What an import does with a scenario whose name the project already has. */
public enum OnConflict {
    /** Refuse the whole import (the default). */
    REFUSE,
    /** Import it as "name (2)", "name (3)"… */
    RENAME,
    /** Replace the stored scenario's content, keeping its runs. */
    REPLACE,
    /** Keep the stored one and leave this one out. */
    SKIP;

    public static OnConflict parse(String raw) {
        for (OnConflict value : values()) {
            if (value != REFUSE && value.name().equalsIgnoreCase(raw.strip())) {
                return value;
            }
        }
        throw QodexException.invalid("on-conflict", "--on-conflict is rename, replace or skip ("
                + raw.strip().toLowerCase(Locale.ROOT) + " given).");
    }
}
