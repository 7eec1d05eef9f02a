package io.qodex.persistence.repository;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.LoginProfileRepository;
import io.qodex.persistence.session.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Optional;
import javax.sql.DataSource;

/** The UI-login columns of {@code auth_profiles}, as the signed-in user (row-level security applies). */
public final class JdbcLoginProfileRepository implements LoginProfileRepository {

    private final DataSource pool;

    public JdbcLoginProfileRepository(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Optional<String> steps(long profileId) {
        return text("select ui_login_steps from auth_profiles where id = ?", profileId);
    }

    @Override
    public void setSteps(long profileId, String json) {
        update("update auth_profiles set ui_login_steps = ? where id = ?", json, profileId);
    }

    @Override
    public Optional<SessionRow> session(long profileId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select session_secret, session_bearer_secret, "
                    + "session_captured_at, session_expires_at from auth_profiles where id = ?")) {
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
    public void saveSession(long profileId, SessionRow session) {
        Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("update auth_profiles set session_secret = ?, "
                    + "session_bearer_secret = ?, session_captured_at = ?, session_expires_at = ? where id = ?")) {
                p.setString(1, session.storageStateCiphertext());
                p.setString(2, session.bearerCiphertext().orElse(null));
                p.setTimestamp(3, Timestamp.from(session.capturedAt()));
                p.setTimestamp(4, session.expiresAt().map(Timestamp::from).orElse(null));
                p.setLong(5, profileId);
                requireOne(p.executeUpdate());
            }
            return null;
        });
    }

    @Override
    public Optional<String> loggedInCheck(long profileId) {
        return text("select logged_in_check from auth_profiles where id = ?", profileId);
    }

    @Override
    public void setLoggedInCheck(long profileId, String check) {
        update("update auth_profiles set logged_in_check = ? where id = ?", check.isBlank() ? null : check, profileId);
    }

    @Override
    public Optional<ProfileLocation> locate(long environmentId, String profileName) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "select project_id, id from auth_profiles where environment_id = ? and name = ?")) {
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

    private void update(String sql, String value, long profileId) {
        Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, value);
                p.setLong(2, profileId);
                requireOne(p.executeUpdate());
            }
            return null;
        });
    }

    private static void requireOne(int updated) {
        if (updated != 1) {
            throw QodexException.notAllowed("Your role does not allow changing this auth profile (Viewers read only).");
        }
    }
}
