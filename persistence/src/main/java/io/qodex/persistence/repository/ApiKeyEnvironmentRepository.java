package io.qodex.persistence.repository;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentRepository;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.persistence.session.Jdbc;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The key's project's environments as a CI job reads them on an API key's connection (decision 0031): the same rows
 * as a person's, from the functions a key may call; a secret's ciphertext only for the scopes that hold the key.
 */
public final class ApiKeyEnvironmentRepository implements EnvironmentRepository {

    private final DataSource keyConnection;

    public ApiKeyEnvironmentRepository(DataSource keyConnection) {
        this.keyConnection = keyConnection;
    }

    @Override
    public List<EnvironmentSummary> list(long projectId) {
        return Jdbc.inTransaction(keyConnection, c -> EnvironmentRows.list(c, projectId, EnvironmentRows.Source.API_KEY));
    }

    @Override
    public Optional<Environment> find(long projectId, long environmentId) {
        // one snapshot for the environment, its variables and profiles; not read-only: each call stamps the key's use
        return Jdbc.inTransaction(keyConnection, c -> {
            try (java.sql.Statement snapshot = c.createStatement()) {
                snapshot.execute("set transaction isolation level repeatable read");
            }
            return EnvironmentRows.find(c, projectId, environmentId, EnvironmentRows.Source.API_KEY);
        });
    }

    @Override
    public OptionalLong activeEnvironmentId(long projectId) {
        return OptionalLong.empty(); // a key has no active environment: its commands name one
    }

    @Override
    public void setActive(long projectId, long environmentId) {
        throw QodexException.notAllowed("An API key has no active environment: name it in the command.");
    }

    @Override
    public List<Long> allocateIds(RowKind kind, int count) {
        throw QodexException.notAllowed("An API key cannot add rows to an environment.");
    }
}
