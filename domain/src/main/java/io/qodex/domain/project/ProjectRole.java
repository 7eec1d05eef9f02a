package io.qodex.domain.project;

import io.qodex.domain.common.QodexException;
import java.util.Locale;

/** F4 roles. Viewer reads; Member also edits content and holds the project key; Admin also manages the project. */
public enum ProjectRole {
    ADMIN("Admin"),
    MEMBER("Member"),
    VIEWER("Viewer");

    private final String label;

    ProjectRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Admins and Members hold the project key; Viewers read no secret. */
    public boolean holdsProjectKey() {
        return this != VIEWER;
    }

    public boolean atLeast(ProjectRole other) {
        return ordinal() <= other.ordinal();
    }

    public static ProjectRole parse(String raw) {
        String code = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        for (ProjectRole role : values()) {
            if (role.code().equals(code)) {
                return role;
            }
        }
        throw QodexException.invalid("role", "The role must be admin, member or viewer (\"" + raw + "\" given).");
    }
}
