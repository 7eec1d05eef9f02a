package io.qodex.persistence.repository;

import io.qodex.domain.environment.Appearance;
import io.qodex.domain.environment.AuthProfile;
import io.qodex.domain.environment.ChangeStamp;
import io.qodex.domain.environment.Constraints;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentName;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.environment.HttpUrl;
import io.qodex.domain.environment.ProfileName;
import io.qodex.domain.environment.SealedSecret;
import io.qodex.domain.environment.Variable;
import io.qodex.domain.environment.VariableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one mapping of {@code environments}, {@code environment_variables} and {@code auth_profiles} rows to the
 * domain's records: for every read, and for the read-back after a save (on the saving transaction's connection).
 */
final class EnvironmentRows {

    /**
     * Where the rows come from: the tables (a user, through row-level security) or the functions an API key's login
     * may call (decision 0031), which return the same columns within the key's scopes.
     */
    record Source(String environments, String variables, String profiles, String updatedByEmail, String hasSteps) {
        static final Source TABLES = new Source("environments", "environment_variables", "auth_profiles",
                "(select u.email from users u where u.id = e.updated_by)", "coalesce(ui_login_steps ~ '\\S', false)");
        static final Source API_KEY = new Source("ci_environment_rows()", "ci_variable_rows()", "ci_profile_rows()",
                "null::text", "has_steps");
    }

    private static final String ENVIRONMENT_COLUMNS = "e.id, e.project_id, e.name, e.base_url, e.api_base_url, "
            + "e.preset, e.color, e.label, e.production_like, e.read_only, e.max_requests_per_second, "
            + "e.allow_destructive_tests, e.allow_security_testing, e.sort_order, e.version";

    private EnvironmentRows() {
    }

    /** The project's environments in switcher order. */
    static List<EnvironmentSummary> list(Connection c, long projectId) throws SQLException {
        return list(c, projectId, Source.TABLES);
    }

    static List<EnvironmentSummary> list(Connection c, long projectId, Source source) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select " + ENVIRONMENT_COLUMNS + " from " + source.environments()
                + " e where e.project_id = ? order by e.sort_order, lower(e.name), e.id")) {
            p.setLong(1, projectId);
            try (ResultSet rs = p.executeQuery()) {
                List<EnvironmentSummary> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(summary(rs));
                }
                return all;
            }
        }
    }

    /** One environment with its variables and profiles, and who saved it last (users co-members may see). */
    static Optional<Environment> find(Connection c, long projectId, long environmentId) throws SQLException {
        return find(c, projectId, environmentId, Source.TABLES);
    }

    static Optional<Environment> find(Connection c, long projectId, long environmentId, Source source)
            throws SQLException {
        EnvironmentSummary summary;
        ChangeStamp stamp;
        try (PreparedStatement p = c.prepareStatement("select " + ENVIRONMENT_COLUMNS + ", e.updated_at, "
                + source.updatedByEmail() + " from " + source.environments() + " e "
                + "where e.id = ? and e.project_id = ?")) {
            p.setLong(1, environmentId);
            p.setLong(2, projectId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                summary = summary(rs);
                stamp = new ChangeStamp(Optional.ofNullable(rs.getString(17)),
                        rs.getObject(16, OffsetDateTime.class).toInstant());
            }
        }
        return Optional.of(new Environment(summary.id(), projectId, summary.name(), summary.baseUrl(),
                summary.apiBaseUrl(), summary.preset(), summary.appearance(), summary.constraints(),
                variables(c, environmentId, source), profiles(c, environmentId, source), summary.sortOrder(),
                summary.version(), stamp));
    }

    /** The stored version of an environment, if the user can see it. */
    static OptionalLong version(Connection c, long environmentId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select version from environments where id = ?")) {
            p.setLong(1, environmentId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static List<Variable> variables(Connection c, long environmentId, Source source) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select id, name, is_secret, value, secret_value "
                + "from " + source.variables() + " where environment_id = ? order by id")) {
            p.setLong(1, environmentId);
            try (ResultSet rs = p.executeQuery()) {
                List<Variable> variables = new ArrayList<>();
                while (rs.next()) {
                    variables.add(new Variable(rs.getLong(1), new VariableName(rs.getString(2)), rs.getBoolean(3),
                            Optional.ofNullable(rs.getString(4)),
                            Optional.ofNullable(rs.getString(5)).map(SealedSecret::new)));
                }
                return variables;
            }
        }
    }

    /** The profiles; of the UI login only whether steps were recorded (the steps themselves are read on demand). */
    private static List<AuthProfile> profiles(Connection c, long environmentId, Source source) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select id, name, email, password_secret, static_token_secret, "
                + "api_login_config, " + source.hasSteps() + " from " + source.profiles()
                + " where environment_id = ? order by id")) {
            p.setLong(1, environmentId);
            try (ResultSet rs = p.executeQuery()) {
                List<AuthProfile> profiles = new ArrayList<>();
                while (rs.next()) {
                    long id = rs.getLong(1);
                    String apiLogin = rs.getString(6);
                    profiles.add(new AuthProfile(id, new ProfileName(rs.getString(2)),
                            Optional.ofNullable(rs.getString(3)),
                            Optional.ofNullable(rs.getString(4)).map(SealedSecret::new),
                            Optional.ofNullable(rs.getString(5)).map(SealedSecret::new),
                            Optional.ofNullable(apiLogin).flatMap(json -> ApiLoginConfigJson.read(id, json)),
                            rs.getBoolean(7)));
                }
                return profiles;
            }
        }
    }

    private static EnvironmentSummary summary(ResultSet rs) throws SQLException {
        String preset = rs.getString(6);
        return new EnvironmentSummary(rs.getLong(1), rs.getLong(2), new EnvironmentName(rs.getString(3)),
                new HttpUrl(rs.getString(4)), Optional.ofNullable(rs.getString(5)).map(HttpUrl::new),
                preset == null ? EnvironmentPreset.CUSTOM : EnvironmentPreset.parse(preset),
                new Appearance(Optional.ofNullable(rs.getString(7)), Optional.ofNullable(rs.getString(8)),
                        rs.getBoolean(9)),
                new Constraints(rs.getBoolean(10), rs.getInt(11), rs.getBoolean(12), rs.getBoolean(13)),
                rs.getInt(14), rs.getLong(15));
    }
}
