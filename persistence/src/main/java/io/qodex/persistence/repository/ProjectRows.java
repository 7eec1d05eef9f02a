package io.qodex.persistence.repository;

import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.project.Slug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The one mapping of {@code projects} rows (with the caller's role) to {@link Project}s, for reads and read-backs. */
final class ProjectRows {

    private static final String SELECT_WITH_ROLE = "select p.id, p.slug, p.name, m.role, p.key_version, "
            + "p.rotation_needed, p.archived_at, p.version, p.org_id from projects p "
            + "join project_members m on m.project_id = p.id and m.user_id = ? ";

    private ProjectRows() {
    }

    static List<Project> mine(Connection c, long userId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(SELECT_WITH_ROLE + "order by lower(p.name), p.slug")) {
            p.setLong(1, userId);
            try (ResultSet rs = p.executeQuery()) {
                List<Project> projects = new ArrayList<>();
                while (rs.next()) {
                    projects.add(toProject(rs));
                }
                return projects;
            }
        }
    }

    static Optional<Project> byId(Connection c, long userId, long projectId) throws SQLException {
        return one(c, userId, "p.id = ?", projectId);
    }

    static Optional<Project> bySlug(Connection c, long userId, Slug slug) throws SQLException {
        return one(c, userId, "p.slug = ?", slug.value());
    }

    private static Optional<Project> one(Connection c, long userId, String condition, Object value) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(SELECT_WITH_ROLE + "where " + condition)) {
            p.setLong(1, userId);
            p.setObject(2, value);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(toProject(rs)) : Optional.empty();
            }
        }
    }

    private static Project toProject(ResultSet rs) throws SQLException {
        OffsetDateTime archived = rs.getObject(7, OffsetDateTime.class);
        return new Project(rs.getLong(1), new Slug(rs.getString(2)), rs.getString(3), ProjectRole.parse(rs.getString(4)),
                rs.getInt(5), rs.getBoolean(6), Optional.ofNullable(archived).map(OffsetDateTime::toInstant),
                rs.getLong(8), rs.getLong(9));
    }
}
