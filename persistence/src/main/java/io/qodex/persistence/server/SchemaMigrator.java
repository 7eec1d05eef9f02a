package io.qodex.persistence.server;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Flyway migrations as {@code qodex_owner}. Two clients migrating at once are safe: Flyway takes a
 * PostgreSQL advisory lock and the second finds nothing left to do.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /** @return the schema version after migrating */
    public static String migrate(String jdbcUrl, String ownerPassword) {
        Flyway flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(jdbcUrl, Roles.OWNER, ownerPassword)
                .schemas(Roles.SCHEMA)
                .defaultSchema(Roles.SCHEMA)
                .locations("classpath:db/migration")
                .connectRetries(3)
                .load();
        MigrateResult result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Migrated {} to version {} ({} migrations)", result.database, result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
        return flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
    }
}
