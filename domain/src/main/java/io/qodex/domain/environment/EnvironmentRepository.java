package io.qodex.domain.environment;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A project's environments as they are read (row-level security: Viewers read, Members and Admins write), and the
 * signed-in user's active environment. Saving and deleting environments is {@link EnvironmentChanges}.
 */
public interface EnvironmentRepository {

    /** The project's environments in switcher order (sort order, then name). */
    List<EnvironmentSummary> list(long projectId);

    Optional<Environment> find(long projectId, long environmentId);

    /** The signed-in user's active environment in the project, if they chose one. */
    OptionalLong activeEnvironmentId(long projectId);

    void setActive(long projectId, long environmentId);
}
