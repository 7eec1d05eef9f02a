package io.qodex.persistence.repository;

import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectName;
import io.qodex.domain.project.ProjectRepository;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.project.Slug;
import io.qodex.domain.secret.KeyRing;
import io.qodex.persistence.entity.ProjectEntity;
import io.qodex.persistence.session.Jdbc;
import io.qodex.persistence.session.TenantTransactions;
import jakarta.persistence.OptimisticLockException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.StaleStateException;

/**
 * Projects as the signed-in user (row-level security decides what exists): changes through Hibernate (versioned
 * entities), reads in plain JDBC on the user's pool, so that a command that only reads projects (most of the CLI)
 * never pays for building Hibernate's SessionFactory (seconds of class loading in a fresh JVM).
 */
public final class HibernateProjectRepository implements ProjectRepository {

    private static final String WITH_ROLE = "select p, m.role from ProjectEntity p, ProjectMemberEntity m "
            + "where m.projectId = p.id and m.userId = :me";

    private static final String SELECT_WITH_ROLE = "select p.id, p.slug, p.name, m.role, p.key_version, "
            + "p.rotation_needed, p.archived_at, p.version from projects p "
            + "join project_members m on m.project_id = p.id and m.user_id = ? ";

    private final TenantTransactions tx;
    private final DataSource pool;
    private final Account account;

    public HibernateProjectRepository(TenantTransactions tx, DataSource pool, Account account) {
        this.tx = tx;
        this.pool = pool;
        this.account = account;
    }

    @Override
    public List<Project> listMine() {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT_WITH_ROLE + "order by lower(p.name), p.slug")) {
                p.setLong(1, account.userId());
                try (ResultSet rs = p.executeQuery()) {
                    List<Project> projects = new ArrayList<>();
                    while (rs.next()) {
                        projects.add(toProject(rs));
                    }
                    return projects;
                }
            }
        });
    }

    @Override
    public Optional<Project> bySlug(Slug slug) {
        return one("p.slug = ?", slug.value());
    }

    @Override
    public Optional<Project> byId(long projectId) {
        return one("p.id = ?", projectId);
    }

    private Optional<Project> one(String condition, Object value) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT_WITH_ROLE + "where " + condition)) {
                p.setLong(1, account.userId());
                p.setObject(2, value);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(toProject(rs)) : Optional.<Project>empty();
                }
            }
        });
    }

    private static Project toProject(ResultSet rs) throws SQLException {
        OffsetDateTime archived = rs.getObject(7, OffsetDateTime.class);
        return new Project(rs.getLong(1), new Slug(rs.getString(2)), rs.getString(3), ProjectRole.parse(rs.getString(4)),
                rs.getInt(5), rs.getBoolean(6), Optional.ofNullable(archived).map(OffsetDateTime::toInstant),
                rs.getLong(8));
    }

    @Override
    public Project create(ProjectName name, Slug slug, LongFunction<KeyRing.ProjectKeyStart> keyStart) {
        return tx.run(session -> {
            long id = session.doReturningWork(c -> {
                try (PreparedStatement p = c.prepareStatement("select create_project(?, ?)")) {
                    p.setString(1, name.value());
                    p.setString(2, slug.value());
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
            KeyRing.ProjectKeyStart start = keyStart.apply(id);
            session.doWork(c -> {
                KeyWrapRows.insert(c, List.of(start.wrap()));
                RosterRows.append(c, start.roster());
            });
            return findMine(session, id).orElseThrow();
        });
    }

    @Override
    public Project rename(long projectId, long expectedVersion, ProjectName name) {
        return update(projectId, expectedVersion, entity -> entity.setName(name.value()));
    }

    @Override
    public Project setArchived(long projectId, long expectedVersion, boolean archived) {
        return update(projectId, expectedVersion, entity -> entity.setArchivedAt(archived ? Instant.now() : null));
    }

    @Override
    public boolean slugAvailable(Slug slug) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select slug_available(?)")) {
                p.setString(1, slug.value());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    private Project update(long projectId, long expectedVersion, java.util.function.Consumer<ProjectEntity> change) {
        try {
            return tx.run(session -> {
                ProjectEntity entity = session.find(ProjectEntity.class, projectId);
                if (entity == null) {
                    throw QodexException.notFound("No such project, or you are not a member of it.");
                }
                if (entity.getVersion() != expectedVersion) {
                    throw QodexException.conflict("Someone else changed this project meanwhile; reload and try again.");
                }
                change.accept(entity);
                session.flush();
                return findMine(session, projectId).orElseThrow();
            });
        } catch (QodexException e) {
            if (e.getCause() instanceof OptimisticLockException || e.getCause() instanceof StaleStateException) {
                // Zero rows updated: either the version moved on, or row-level security hid the row from the update.
                boolean moved = byId(projectId).map(p -> p.version() != expectedVersion).orElse(false);
                throw moved ? QodexException.conflict("Someone else changed this project meanwhile; reload and try again.")
                        : QodexException.notAllowed("Only an Admin of the project can change it.");
            }
            throw e;
        }
    }

    private Optional<Project> findMine(Session session, long projectId) {
        return session.createQuery(WITH_ROLE + " and p.id = :id", Object[].class)
                .setParameter("me", account.userId())
                .setParameter("id", projectId)
                .getResultStream().findFirst()
                .map(row -> toProject((ProjectEntity) row[0], (String) row[1]));
    }

    private static Project toProject(ProjectEntity entity, String role) {
        return new Project(entity.getId(), new Slug(entity.getSlug()), entity.getName(), ProjectRole.parse(role),
                entity.getKeyVersion(), entity.isRotationNeeded(), Optional.ofNullable(entity.getArchivedAt()),
                entity.getVersion());
    }
}
