package io.qodex.domain.live;

import java.util.OptionalLong;
import java.util.Set;

/**
 * One change the database announced: the table, the project it belongs to, the row's id and the operation. It
 * carries ids only (NOTIFY ignores row-level security): listeners re-query what they show. {@link #RESYNC} means
 * notifications may have been missed (the connection was lost): refresh everything.
 */
public record Change(String table, OptionalLong projectId, String rowId, String operation) {

    public static final Change RESYNC = new Change("*", OptionalLong.empty(), "", "resync");

    private static final Set<String> ENVIRONMENT_TABLES = Set.of("environments", "environment_variables",
            "auth_profiles");

    public boolean isResync() {
        return this == RESYNC || table.equals("*");
    }

    /** Whether this may change what a view of the project shows (a resync concerns every project). */
    public boolean concerns(long project) {
        return isResync() || projectId.isEmpty() || projectId.getAsLong() == project;
    }

    /** Whether rows of one of {@code tables} in the project may have changed (a resync concerns everything). */
    public boolean touches(long project, String... tables) {
        if (isResync()) {
            return true;
        }
        if (projectId.isEmpty() || projectId.getAsLong() != project) {
            return false;
        }
        for (String candidate : tables) {
            if (table.equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** An environment, one of its variables or auth profiles was created, changed or deleted. */
    public boolean isEnvironmentChange() {
        return isResync() || ENVIRONMENT_TABLES.contains(table);
    }

    /** Someone's active environment changed (the row id is the user's id). */
    public boolean isActiveEnvironmentChange(long userId) {
        return isResync() || (table.equals("active_environments") && rowId.equals(Long.toString(userId)));
    }
}
