package io.qodex.persistence.session;

import io.qodex.persistence.entity.AuthProfileEntity;
import io.qodex.persistence.entity.EnvironmentEntity;
import io.qodex.persistence.entity.EnvironmentVariableEntity;
import io.qodex.persistence.entity.ProjectEntity;
import io.qodex.persistence.server.Roles;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

/** Builds the one SessionFactory of a process: explicit entity list, schema validated against Flyway's. */
final class SessionFactories {

    private static final AtomicInteger BUILT = new AtomicInteger();

    static final List<Class<?>> ENTITIES = List.of(ProjectEntity.class, EnvironmentEntity.class,
            EnvironmentVariableEntity.class, AuthProfileEntity.class);

    private SessionFactories() {
    }

    /** How many SessionFactories this process has started to build. */
    static int built() {
        return BUILT.get();
    }

    static SessionFactory build(TenantConnections connections) {
        BUILT.incrementAndGet();
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.MULTI_TENANT_CONNECTION_PROVIDER, connections)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
                .applySetting(AvailableSettings.DEFAULT_SCHEMA, Roles.SCHEMA)
                .applySetting(AvailableSettings.JDBC_TIME_ZONE, "UTC")
                .applySetting(AvailableSettings.SHOW_SQL, false)
                .build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            ENTITIES.forEach(sources::addAnnotatedClass);
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }
}
