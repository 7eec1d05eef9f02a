package io.qodex.persistence.session;

import io.qodex.domain.apikey.ApiKeyScope;
import io.qodex.domain.apikey.ApiKeyText;
import io.qodex.domain.apikey.CiAccess;
import io.qodex.domain.apikey.CiEnvironment;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.persistence.TransportSecurity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A CI job's connection: the API key's own login (its password is the key's secret), which reaches nothing but the
 * {@code ci_*} functions of its project. One connection per command; a key's login allows four at once.
 */
public final class JdbcCiAccess implements CiAccess {

    private final Connection connection;
    private final KeyConnection dataSource;

    private JdbcCiAccess(Connection connection) {
        this.connection = connection;
        this.dataSource = new KeyConnection(connection);
    }

    /**
     * The key's connection for the repositories of its other commands (decision 0031): one connection, which closing
     * a borrowed handle leaves open. Use it from one thread at a time.
     */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    /**
     * Connects as the key with its database password (derived from its secret by the caller, never the secret); a
     * revoked, expired or unknown key is refused with a message that says which.
     */
    public static JdbcCiAccess connect(String jdbcUrl, TransportSecurity transport, ApiKeyText key,
                                       io.qodex.domain.common.Secret loginPassword, Clock clock) {
        PGSimpleDataSource source = DataSources.simple(jdbcUrl, transport, key.roleName(), loginPassword.reveal());
        try {
            Connection connection = source.getConnection();
            connection.setAutoCommit(true);
            return new JdbcCiAccess(connection);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("28000") && String.valueOf(e.getMessage()).contains("not permitted to log in")) {
                throw new QodexException(Problem.AUTHENTICATION, null, "This API key was revoked (or rotated: a "
                        + "rotated key stops working at once). Ask for a new one.", e);
            }
            if (state.equals("28P01")) {
                if (!key.expiresAt().isAfter(clock.instant())) {
                    throw new QodexException(Problem.AUTHENTICATION, null, "This API key expired on "
                            + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC)
                            .format(key.expiresAt()) + ". Ask for a new one.", e);
                }
                throw new QodexException(Problem.AUTHENTICATION, null, "The database refused the API key: it is not a "
                        + "key of this database (QODEX_DB_URL), its text is wrong, or it was created by a version "
                        + "before December 2026 (create a new one).", e);
            }
            if (state.equals("53300") && String.valueOf(e.getMessage()).contains("for role \"")) {
                throw new QodexException(Problem.UNAVAILABLE, null, "This API key already has its 2 connections "
                        + "open (other CI jobs using it, or sessions left open): try again in a moment.", e);
            }
            throw SqlErrors.translate(e);
        }
    }

    @Override
    public KeyInfo key() {
        return query("select project_id, project_slug, project_name, key_name, scopes, expires_at from ci_key()",
                p -> { }, rs -> {
                    if (!rs.next()) {
                        throw QodexException.notFound("The key's project is gone.");
                    }
                    Set<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
                    for (String code : (String[]) rs.getArray(5).getArray()) {
                        scopes.add(ApiKeyScope.parse(code));
                    }
                    return new KeyInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), scopes,
                            rs.getTimestamp(6).toInstant());
                });
    }

    @Override
    public Optional<CiEnvironment> environment(String name) {
        Optional<String[]> row = query("select name, base_url, api_base_url, preset, production_like, read_only, "
                + "max_requests_per_second, allow_destructive_tests, allow_security_testing from ci_environment(?)",
                p -> p.setString(1, name), rs -> {
                    if (!rs.next()) {
                        return Optional.<String[]>empty();
                    }
                    String[] values = new String[9];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rs.getString(i + 1);
                    }
                    return Optional.of(values);
                });
        if (row.isEmpty()) {
            return Optional.empty();
        }
        String[] e = row.get();
        List<CiEnvironment.Variable> variables = query("select name, value, is_secret from ci_environment_variables(?)",
                p -> p.setString(1, name), rs -> {
                    List<CiEnvironment.Variable> list = new ArrayList<>();
                    while (rs.next()) {
                        list.add(new CiEnvironment.Variable(rs.getString(1), Optional.ofNullable(rs.getString(2)),
                                rs.getBoolean(3)));
                    }
                    return list;
                });
        return Optional.of(new CiEnvironment(e[0], e[1], Optional.ofNullable(e[2]), Optional.ofNullable(e[3]),
                "t".equals(e[4]), "t".equals(e[5]), Integer.parseInt(e[6]), "t".equals(e[7]), "t".equals(e[8]),
                variables));
    }

    @Override
    public List<String> environmentNames() {
        return query("select name from ci_environment_names()", p -> { }, rs -> {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        });
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> T query(String sql, Binder binder, Reader<T> reader) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a read-only connection: nothing to lose
        }
    }
}
