package io.qodex.persistence.repository;

import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectChanges;
import io.qodex.domain.project.ProjectName;
import io.qodex.persistence.entity.ProjectEntity;
import io.qodex.persistence.session.TenantTransactions;
import jakarta.persistence.OptimisticLockException;
import java.time.Instant;
import java.util.function.Consumer;
import org.hibernate.StaleStateException;

/**
 * Renaming and archiving a project through its versioned Hibernate entity, as the signed-in user (Admins: row-level
 * security). The changed project is read back in SQL in the same transaction (docs/decisions/0021).
 */
public final class HibernateProjectChanges implements ProjectChanges {

    private static final String CONFLICT = "Someone else changed this project meanwhile; reload and try again.";

    private final TenantTransactions tx;
    private final Account account;

    public HibernateProjectChanges(TenantTransactions tx, Account account) {
        this.tx = tx;
        this.account = account;
    }

    @Override
    public Project rename(long projectId, long expectedVersion, ProjectName name) {
        return update(projectId, expectedVersion, entity -> entity.setName(name.value()));
    }

    @Override
    public Project setArchived(long projectId, long expectedVersion, boolean archived) {
        return update(projectId, expectedVersion, entity -> entity.setArchivedAt(archived ? Instant.now() : null));
    }

    private Project update(long projectId, long expectedVersion, Consumer<ProjectEntity> change) {
        try {
            return tx.run(session -> {
                ProjectEntity entity = session.find(ProjectEntity.class, projectId);
                if (entity == null) {
                    throw QodexException.notFound("No such project, or you are not a member of it.");
                }
                if (entity.getVersion() != expectedVersion) {
                    throw QodexException.conflict(CONFLICT);
                }
                change.accept(entity);
                session.flush();
                return session.doReturningWork(c -> ProjectRows.byId(c, account.userId(), projectId)).orElseThrow();
            });
        } catch (QodexException e) {
            if (e.getCause() instanceof OptimisticLockException || e.getCause() instanceof StaleStateException) {
                // Zero rows updated: either the version moved on, or row-level security hid the row from the update.
                boolean moved = tx.jdbc(c -> ProjectRows.byId(c, account.userId(), projectId))
                        .map(p -> p.version() != expectedVersion).orElse(false);
                throw moved ? QodexException.conflict(CONFLICT)
                        : QodexException.notAllowed("Only an Admin of the project can change it.");
            }
            throw e;
        }
    }
}
