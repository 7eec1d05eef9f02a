package io.qodex.persistence.repository;

import io.qodex.domain.account.Account;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectName;
import io.qodex.domain.project.ProjectRepository;
import io.qodex.domain.project.Slug;
import io.qodex.domain.secret.KeyRing;
import io.qodex.persistence.session.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Projects as the signed-in user, in SQL on the user's pool (row-level security decides what exists): reads, the
 * slug check, ids for new projects and creation through {@code create_project()}. Renaming and archiving are
 * {@link HibernateProjectChanges} (docs/decisions/0021).
 */
public final class JdbcProjectRepository implements ProjectRepository {

    private final DataSource pool;
    private final Account account;

    public JdbcProjectRepository(DataSource pool, Account account) {
        this.pool = pool;
        this.account = account;
    }

    @Override
    public List<Project> listMine() {
        return Jdbc.inTransaction(pool, c -> ProjectRows.mine(c, account.userId()));
    }

    @Override
    public Optional<Project> bySlug(Slug slug) {
        return Jdbc.inTransaction(pool, c -> ProjectRows.bySlug(c, account.userId(), slug));
    }

    @Override
    public Optional<Project> byId(long projectId) {
        return Jdbc.inTransaction(pool, c -> ProjectRows.byId(c, account.userId(), projectId));
    }

    @Override
    public long allocateId() {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select (allocate_ids('projects', 1))[1]");
                 ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Project create(long id, ProjectName name, Slug slug, KeyRing.ProjectKeyStart keyStart) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select create_project(?, ?, ?, ?)")) {
                p.setLong(1, id);
                p.setString(2, name.value());
                p.setString(3, slug.value());
                p.setLong(4, account.orgId()); // the current organization (decision 0030)
                p.execute();
            }
            KeyWrapRows.insert(c, List.of(keyStart.wrap()));
            RosterRows.append(c, keyStart.roster());
            return ProjectRows.byId(c, account.userId(), id).orElseThrow();
        });
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
}
