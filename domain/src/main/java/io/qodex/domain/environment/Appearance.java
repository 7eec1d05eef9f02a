package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How an environment looks wherever it appears (toolbar, status bar, editor): a colour, a short label and whether
 * it is production-like, so that production is unmistakable.
 */
public record Appearance(Optional<String> color, Optional<String> label, boolean productionLike) {

    public static final Pattern COLOR = Pattern.compile("^#[0-9a-f]{6}$");
    public static final int MAX_LABEL = 24;

    public Appearance {
        color.ifPresent(c -> {
            String problem = colorProblem(c);
            if (problem != null) {
                throw QodexException.invalid("color", problem);
            }
        });
        label.ifPresent(l -> {
            String problem = labelProblem(l);
            if (problem != null) {
                throw QodexException.invalid("label", problem);
            }
        });
    }

    public static @org.jspecify.annotations.Nullable String colorProblem(String color) {
        return COLOR.matcher(color).matches() ? null
                : "A colour is written #rrggbb in lowercase hexadecimal, e.g. #d64545.";
    }

    public static @org.jspecify.annotations.Nullable String labelProblem(String label) {
        if (label.isBlank()) {
            return "A label cannot be blank; leave it empty instead.";
        }
        if (label.length() > MAX_LABEL) {
            return "A label has at most " + MAX_LABEL + " characters (" + label.length() + " given).";
        }
        if (label.chars().anyMatch(Character::isISOControl)) {
            return "A label cannot contain control characters.";
        }
        return null;
    }

    /** Normalises user input: blank means none, colours lower-case. */
    public static Optional<String> normaliseColor(String raw) {
        String trimmed = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }
}
