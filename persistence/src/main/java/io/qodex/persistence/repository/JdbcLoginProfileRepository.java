package io.qodex.persistence.repository;

import io.qodex.domain.login.LoginProfileRepository;
import io.qodex.persistence.session.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The UI-login columns of {@code auth_profiles} as they are read, in SQL as the signed-in user (row-level security
 * applies). Writing them is {@link HibernateLoginProfileChanges} (docs/decisions/0021).
 */
public final class JdbcLoginProfileRepository implements LoginProfileRepository {

    private final DataSource pool;
    private final String rows;

    public JdbcLoginProfileRepository(DataSource pool) {
        this(pool, "auth_profiles");
    }

    private JdbcLoginProfileRepository(DataSource pool, String rows) {
        this.pool = pool;
        this.rows = rows;
    }

    /** The same reads on an API key's connection: the function that returns these columns within its scopes. */
    public static JdbcLoginProfileRepository forApiKey(DataSource keyConnection) {
        return new JdbcLoginProfileRepository(keyConnection, "ci_login_rows()");
    }

    @Override
    public Optional<String> steps(long profileId) {
        return text("select ui_login_steps from " + rows + " where id = ?", profileId);
    }

    @Override
    public Optional<SessionRow> session(long profileId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select session_secret, session_bearer_secret, "
                    + "session_captured_at, session_expires_at from " + rows + " where id = ?")) {
                p.setLong(1, profileId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next() || rs.getString(1) == null || rs.getTimestamp(3) == null) {
                        return Optional.empty();
                    }
                    Timestamp expires = rs.getTimestamp(4);
                    return Optional.of(new SessionRow(rs.getString(1), Optional.ofNullable(rs.getString(2)),
                            rs.getTimestamp(3).toInstant(), Optional.ofNullable(expires).map(Timestamp::toInstant)));
                }
            }
        });
    }

    @Override
    public Optional<String> loggedInCheck(long profileId) {
        return text("select logged_in_check from " + rows + " where id = ?", profileId);
    }

    @Override
    public Optional<ProfileLocation> locate(long environmentId, String profileName) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "select project_id, id from " + rows + " where environment_id = ? and name = ?")) {
                p.setLong(1, environmentId);
                p.setString(2, profileName);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new ProfileLocation(rs.getLong(1), rs.getLong(2))) : Optional.empty();
                }
            }
        });
    }

    private Optional<String> text(String sql, long profileId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, profileId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }
}
