package io.qodex.domain.environment;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A project's environments as they are read (row-level security: Viewers read, Members and Admins write), the
 * signed-in user's active environment, and ids for rows about to be added. Saving and deleting environments is
 * {@link EnvironmentChanges}.
 */
public interface EnvironmentRepository {

    /** The rows of an environment that carry secrets bound to their ids. */
    enum RowKind { VARIABLE, AUTH_PROFILE }

    /** The project's environments in switcher order (sort order, then name). */
    List<EnvironmentSummary> list(long projectId);

    Optional<Environment> find(long projectId, long environmentId);

    /** The signed-in user's active environment in the project, if they chose one. */
    OptionalLong activeEnvironmentId(long projectId);

    void setActive(long projectId, long environmentId);

    /**
     * {@code count} new ids for rows of that kind, allocated to the signed-in user: a new row's secrets are sealed
     * with its id before it is stored, and the database accepts a new row only with an id allocated to its writer.
     */
    List<Long> allocateIds(RowKind kind, int count);
}
