package io.qodex.domain.environment;

/**
 * Saving and deleting environments, each with its variables and auth profiles in one transaction, under the
 * environment's optimistic version (docs/decisions/0007). What is saved arrives sealed: new rows carry their
 * allocated ids and new secrets their ciphertext (docs/decisions/0021).
 */
public interface EnvironmentChanges {

    /** Creates the environment with its variables and profiles in one transaction. */
    Environment create(long projectId, SealedEnvironment environment);

    /**
     * Replaces the stored environment with the given one in one transaction if its version is still
     * {@code environment.expectedVersion()}; otherwise a CONFLICT (NOT_FOUND if it was deleted). Secrets marked "keep"
     * are left as stored. The version moves on with every save.
     */
    Environment update(long projectId, SealedEnvironment environment);

    /** Deletes it (with its variables, profiles and active-environment choices) if its version is still expected. */
    void delete(long projectId, long environmentId, long expectedVersion);
}
