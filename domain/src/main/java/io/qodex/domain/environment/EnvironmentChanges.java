package io.qodex.domain.environment;

/**
 * Saving and deleting environments, each with its variables and auth profiles in one transaction, under the
 * environment's optimistic version (docs/decisions/0007).
 */
public interface EnvironmentChanges {

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
}
