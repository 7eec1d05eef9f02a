package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import org.jspecify.annotations.Nullable;

/** An environment's name, unique in its project: 1 to 80 characters after trimming, no control characters. */
public record EnvironmentName(String value) {

    public static final int MAX_LENGTH = 80;

    public EnvironmentName {
        String problem = problemWith(value);
        if (problem != null) {
            throw QodexException.invalid("name", problem);
        }
    }

    public static EnvironmentName parse(String raw) {
        return new EnvironmentName(raw == null ? "" : raw.strip());
    }

    public static @Nullable String problemWith(String value) {
        if (value.isBlank()) {
            return "Enter a name for the environment.";
        }
        if (value.length() > MAX_LENGTH) {
            return "An environment name has at most " + MAX_LENGTH + " characters (" + value.length() + " given).";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "An environment name cannot contain control characters.";
        }
        return null;
    }

    /** Names are compared without regard to case: "Production" and "production" cannot both exist. */
    public boolean sameAs(String other) {
        return value.equalsIgnoreCase(other.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
