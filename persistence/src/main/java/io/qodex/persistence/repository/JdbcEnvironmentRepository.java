package io.qodex.persistence.repository;

import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentRepository;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.persistence.session.Jdbc;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Environments as they are read, the user's active environment and ids for new rows, in SQL on the user's pool
 * (row-level security decides what exists). Saving and deleting them is {@link HibernateEnvironmentChanges} (docs/decisions/0021).
 */
public final class JdbcEnvironmentRepository implements EnvironmentRepository {

    private final DataSource pool;

    public JdbcEnvironmentRepository(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public List<EnvironmentSummary> list(long projectId) {
        return Jdbc.inTransaction(pool, c -> EnvironmentRows.list(c, projectId));
    }

    @Override
    public Optional<Environment> find(long projectId, long environmentId) {
        return Jdbc.inSnapshot(pool, c -> EnvironmentRows.find(c, projectId, environmentId));
    }

    @Override
    public OptionalLong activeEnvironmentId(long projectId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select environment_id from active_environments "
                    + "where project_id = ? and user_id = app_user_id()")) {
                p.setLong(1, projectId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    /** Ids from {@code allocate_ids()} (V8): recorded as the user's, each usable once, for one insert of its table. */
    @Override
    public List<Long> allocateIds(RowKind kind, int count) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select allocate_ids(?, ?)")) {
                p.setString(1, switch (kind) {
                    case VARIABLE -> "environment_variables";
                    case AUTH_PROFILE -> "auth_profiles";
                });
                p.setInt(2, count);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    Array ids = rs.getArray(1);
                    try {
                        return List.of((Long[]) ids.getArray());
                    } finally {
                        ids.free();
                    }
                }
            }
        });
    }

    @Override
    public void setActive(long projectId, long environmentId) {
        Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("insert into active_environments "
                    + "(project_id, user_id, environment_id) values (?, app_user_id(), ?) "
                    + "on conflict (project_id, user_id) do update "
                    + "set environment_id = excluded.environment_id, updated_at = now()")) {
                p.setLong(1, projectId);
                p.setLong(2, environmentId);
                p.executeUpdate();
            }
            return null;
        });
    }
}
