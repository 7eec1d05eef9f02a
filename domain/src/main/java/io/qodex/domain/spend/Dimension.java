package io.qodex.domain.spend;

import io.qodex.domain.common.QodexException;
import java.util.Locale;

/** What spend is broken down or stacked by. */
public enum Dimension {
    DAY,
    MODEL,
    SOURCE,
    USER,
    FUNDING,
    OUTCOME,
    /** Organization scope only. */
    PROJECT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Dimension parse(String raw) {
        String code = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        for (Dimension dimension : values()) {
            if (dimension.name().equals(code)) {
                return dimension;
            }
        }
        throw QodexException.invalid("by", "Break spend down by model, source, user, day, funding, outcome or project "
                + "(\"" + raw + "\" given).");
    }
}
