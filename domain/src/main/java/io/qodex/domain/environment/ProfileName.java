package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import org.jspecify.annotations.Nullable;

/** An auth profile's name (admin, user, viewer or any other): 1 to 60 characters, unique in its environment. */
public record ProfileName(String value) {

    public static final int MAX_LENGTH = 60;

    public ProfileName {
        String problem = problemWith(value);
        if (problem != null) {
            throw QodexException.invalid("name", problem);
        }
    }

    public static ProfileName parse(String raw) {
        return new ProfileName(raw == null ? "" : raw.strip());
    }

    public static @Nullable String problemWith(String value) {
        if (value.isBlank()) {
            return "Enter a profile name, e.g. admin.";
        }
        if (value.length() > MAX_LENGTH) {
            return "A profile name has at most " + MAX_LENGTH + " characters (" + value.length() + " given).";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "A profile name cannot contain control characters.";
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
