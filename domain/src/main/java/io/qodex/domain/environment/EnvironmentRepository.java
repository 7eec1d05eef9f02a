package io.qodex.domain.environment;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A project's environments through row-level security: Viewers read, Members and Admins write. */
public interface EnvironmentRepository {

    /** The project's environments in switcher order (sort order, then name). */
    List<EnvironmentSummary> list(long projectId);

    Optional<Environment> find(long projectId, long environmentId);

    /** Creates the environment with its variables and profiles in one transaction; secrets sealed per row. */
    Environment create(long projectId, EnvironmentSpec spec, SecretSealer sealer);

    /**
     * Replaces the stored environment with the spec in one transaction if its version is still
     * {@code spec.expectedVersion()}; otherwise a CONFLICT (NOT_FOUND if it was deleted). Secrets marked "keep" are
     * left as stored; new ones are sealed per row. The version moves on with every save.
     */
    Environment update(long projectId, EnvironmentSpec spec, SecretSealer sealer);

    /** Deletes it (with its variables, profiles and active-environment choices) if its version is still expected. */
    void delete(long projectId, long environmentId, long expectedVersion);

    /** The signed-in user's active environment in the project, if they chose one. */
    OptionalLong activeEnvironmentId(long projectId);

    void setActive(long projectId, long environmentId);
}
