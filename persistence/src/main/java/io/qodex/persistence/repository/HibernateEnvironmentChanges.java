package io.qodex.persistence.repository;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.environment.Constraints;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentChanges;
import io.qodex.domain.environment.HttpUrl;
import io.qodex.domain.environment.SealedEnvironment;
import io.qodex.domain.environment.SealedInput;
import io.qodex.persistence.entity.AuthProfileEntity;
import io.qodex.persistence.entity.EnvironmentEntity;
import io.qodex.persistence.entity.EnvironmentVariableEntity;
import io.qodex.persistence.session.TenantTransactions;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.StaleStateException;
import org.jspecify.annotations.Nullable;

/**
 * Saving and deleting environments through Hibernate as the signed-in user (row-level security decides what exists
 * and who may write). Every save moves the environment's version on, so the editor's optimistic lock covers its
 * variables and profiles too. What was saved is read back in SQL on the same transaction (docs/decisions/0021).
 * Secrets arrive sealed by the domain for their rows' allocated ids; nothing here calls back into crypto.
 */
public final class HibernateEnvironmentChanges implements EnvironmentChanges {

    private static final String CONFLICT = "Someone else changed this environment meanwhile.";

    private final TenantTransactions tx;

    public HibernateEnvironmentChanges(TenantTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Environment create(long projectId, SealedEnvironment spec) {
        return tx.run(session -> {
            Integer last = session.createQuery("select max(e.sortOrder) from EnvironmentEntity e "
                    + "where e.projectId = :project", Integer.class).setParameter("project", projectId).getSingleResult();
            EnvironmentEntity entity = new EnvironmentEntity(projectId, last == null ? 0 : last + 1);
            apply(entity, spec);
            session.persist(entity);
            session.flush();
            writeChildren(session, projectId, entity.getId(), spec);
            return readBack(session, projectId, entity.getId());
        });
    }

    @Override
    public Environment update(long projectId, SealedEnvironment spec) {
        long environmentId = spec.id().orElseThrow();
        try {
            return tx.run(session -> {
                EnvironmentEntity entity = existing(session, projectId, environmentId, spec.expectedVersion());
                flushOrConflict(session, s -> s.lock(entity, LockModeType.PESSIMISTIC_FORCE_INCREMENT));
                apply(entity, spec);
                flushOrConflict(session, s -> { });
                writeChildren(session, projectId, environmentId, spec);
                return readBack(session, projectId, environmentId);
            });
        } catch (QodexException e) {
            throw refusedOrConflict(e, environmentId, spec.expectedVersion());
        }
    }

    @Override
    public void delete(long projectId, long environmentId, long expectedVersion) {
        try {
            tx.run(session -> {
                EnvironmentEntity entity = existing(session, projectId, environmentId, expectedVersion);
                session.remove(entity);
                flushOrConflict(session, s -> { });
                return null;
            });
        } catch (QodexException e) {
            throw refusedOrConflict(e, environmentId, expectedVersion);
        }
    }

    /**
     * Zero rows changed under a version check: either someone saved meanwhile, or row-level security hid the row
     * from the write (the user may read but not change it, e.g. a Viewer). Tells the two apart.
     */
    private QodexException refusedOrConflict(QodexException failure, long environmentId, long expectedVersion) {
        if (!(failure.getCause() instanceof OptimisticLockException || failure.getCause() instanceof StaleStateException)) {
            return failure;
        }
        OptionalLong now = tx.jdbc(c -> EnvironmentRows.version(c, environmentId));
        if (now.isPresent() && now.getAsLong() == expectedVersion) {
            return QodexException.notAllowed("Your role does not allow changing environments in this project.");
        }
        return failure;
    }

    // ---------------------------------------------------------------- writing

    private static EnvironmentEntity existing(Session session, long projectId, long environmentId, long expected) {
        EnvironmentEntity entity = session.find(EnvironmentEntity.class, environmentId);
        if (entity == null || entity.getProjectId() != projectId) {
            throw QodexException.notFound("This environment no longer exists.");
        }
        if (entity.getVersion() != expected) {
            throw QodexException.conflict(CONFLICT);
        }
        return entity;
    }

    /** Runs the step and flushes; zero rows changed under a version check is someone else's save. */
    private static void flushOrConflict(Session session, Consumer<Session> step) {
        try {
            step.accept(session);
            session.flush();
        } catch (OptimisticLockException | StaleStateException e) {
            throw new QodexException(io.qodex.domain.common.Problem.CONFLICT, null, CONFLICT, e);
        }
    }

    private static void apply(EnvironmentEntity entity, SealedEnvironment spec) {
        entity.setName(spec.name().value());
        entity.setBaseUrl(spec.baseUrl().value());
        entity.setApiBaseUrl(spec.apiBaseUrl().map(HttpUrl::value).orElse(null));
        entity.setPreset(spec.preset().code());
        entity.setColor(spec.appearance().color().orElse(null));
        entity.setLabel(spec.appearance().label().orElse(null));
        entity.setProductionLike(spec.appearance().productionLike());
        Constraints constraints = spec.constraints();
        entity.setReadOnly(constraints.readOnly());
        entity.setMaxRequestsPerSecond(constraints.maxRequestsPerSecond());
        entity.setAllowDestructiveTests(constraints.allowDestructiveTests());
        entity.setAllowSecurityTesting(constraints.allowSecurityTesting());
    }

    /**
     * Makes the stored variables and profiles those of the spec: rows named by id are updated, new ones inserted with
     * their allocated ids, the rest removed. Secrets arrive sealed; "keep" leaves the stored ciphertext.
     */
    private static void writeChildren(Session session, long projectId, long environmentId, SealedEnvironment spec) {
        Map<Long, EnvironmentVariableEntity> oldVariables = new HashMap<>();
        variables(session, environmentId).forEach(v -> oldVariables.put(v.getId(), v));
        Map<Long, AuthProfileEntity> oldProfiles = new HashMap<>();
        profiles(session, environmentId).forEach(p -> oldProfiles.put(p.getId(), p));

        for (SealedEnvironment.VariableRow variable : spec.variables()) {
            EnvironmentVariableEntity entity = variable.added()
                    ? new EnvironmentVariableEntity(variable.id(), projectId, environmentId)
                    : child(oldVariables.remove(variable.id()), "variable " + variable.name());
            entity.setName(variable.name().value());
            if (!variable.secret()) {
                entity.makePlain(variable.plainValue());
            } else if (variable.secretValue() instanceof SealedInput.Store store) {
                entity.makeSecret(store.value().ciphertext());
            } else {
                entity.makeSecret(variable.secretValue() instanceof SealedInput.Keep ? entity.getSecretValue() : null);
            }
            if (variable.added()) {
                session.persist(entity);
            }
        }
        for (SealedEnvironment.ProfileRow profile : spec.profiles()) {
            AuthProfileEntity entity = profile.added()
                    ? new AuthProfileEntity(profile.id(), projectId, environmentId)
                    : child(oldProfiles.remove(profile.id()), "auth profile " + profile.name());
            entity.setName(profile.name().value());
            entity.setEmail(profile.email().orElse(null));
            entity.setApiLoginConfig(profile.apiLogin().map(ApiLoginConfigJson::write).orElse(null));
            if (profile.password() instanceof SealedInput.Store store) {
                entity.setPasswordSecret(store.value().ciphertext());
            } else if (profile.password() instanceof SealedInput.Clear) {
                entity.setPasswordSecret(null);
            }
            if (profile.staticToken() instanceof SealedInput.Store store) {
                entity.setStaticTokenSecret(store.value().ciphertext());
            } else if (profile.staticToken() instanceof SealedInput.Clear) {
                entity.setStaticTokenSecret(null);
            }
            if (profile.added()) {
                session.persist(entity);
            }
        }
        oldVariables.values().forEach(session::remove);
        oldProfiles.values().forEach(session::remove);
        session.flush();
    }

    private static <T> T child(@Nullable T entity, String what) {
        if (entity == null) {
            throw QodexException.conflict("The " + what + " was removed by someone else meanwhile.");
        }
        return entity;
    }

    // ---------------------------------------------------------------- the rows being changed

    private static List<EnvironmentVariableEntity> variables(Session session, long environmentId) {
        return session.createQuery("from EnvironmentVariableEntity v where v.environmentId = :environment "
                + "order by v.id", EnvironmentVariableEntity.class).setParameter("environment", environmentId)
                .getResultList();
    }

    private static List<AuthProfileEntity> profiles(Session session, long environmentId) {
        return session.createQuery("from AuthProfileEntity p where p.environmentId = :environment order by p.id",
                AuthProfileEntity.class).setParameter("environment", environmentId).getResultList();
    }

    /** The saved environment as every read sees it, in SQL on the saving transaction's connection. */
    private static Environment readBack(Session session, long projectId, long environmentId) {
        return session.doReturningWork(c -> EnvironmentRows.find(c, projectId, environmentId)).orElseThrow();
    }
}
