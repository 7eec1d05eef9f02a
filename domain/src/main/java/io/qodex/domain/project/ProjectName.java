package io.qodex.domain.project;

import io.qodex.domain.common.QodexException;

/** A project's display name: 1 to 100 characters after trimming. */
public record ProjectName(String value) {

    public static final int MAX_LENGTH = 100;

    public ProjectName {
        if (value.isBlank()) {
            throw QodexException.invalid("name", "Enter a project name.");
        }
        if (value.length() > MAX_LENGTH) {
            throw QodexException.invalid("name",
                    "A project name has at most " + MAX_LENGTH + " characters (" + value.length() + " given).");
        }
    }

    public static ProjectName parse(String raw) {
        return new ProjectName(raw == null ? "" : raw.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
