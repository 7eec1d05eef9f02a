package io.qodex.persistence.server;

import io.qodex.persistence.TransportSecurity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Flyway migrations as the installation's owner role, with the installation's role names as placeholders.
 * Two clients migrating at once are safe: Flyway takes a PostgreSQL advisory lock and the second finds nothing left to
 * do.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    /**
     * Flyway's checksums of V1-V6 as they were applied before the role names became placeholders. A database that
     * still carries them is realigned once (same statements, other role names); any other mismatch still fails.
     */
    static final Map<String, Integer> LEGACY_CHECKSUMS = Map.of(
            "1", -207264093, "2", -1529845216, "3", -734726193, "4", 1223945536, "5", -1861306088, "6", 2054589934);

    private SchemaMigrator() {
    }

    /** Migrates with the default transport security for the URL (verify-full unless it is loopback). */
    public static String migrate(String jdbcUrl, Installation installation, String ownerPassword) {
        return migrate(jdbcUrl, TransportSecurity.defaultFor(jdbcUrl), installation, ownerPassword);
    }

    /** @return the schema version after migrating */
    public static String migrate(String jdbcUrl, TransportSecurity transport, Installation installation,
                                 String ownerPassword) {
        PGSimpleDataSource owner = new PGSimpleDataSource();
        owner.setUrl(jdbcUrl);
        owner.setUser(installation.ownerRole());
        owner.setPassword(ownerPassword);
        transport.applyTo(owner);
        Flyway flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(owner)
                .schemas(Roles.SCHEMA)
                .defaultSchema(Roles.SCHEMA)
                .locations("classpath:db/migration")
                .placeholders(installation.placeholders())
                .connectRetries(3)
                .load();
        if (carriesLegacyChecksums(owner)) {
            flyway.repair();
            LOG.info("Realigned the checksums of the migrations applied before per-installation role names");
        }
        MigrateResult result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Migrated {} to version {} ({} migrations)", result.database, result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
        return flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
    }

    private static boolean carriesLegacyChecksums(PGSimpleDataSource owner) {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version, checksum from qodex.flyway_schema_history "
                     + "where success and version in ('1', '2', '3', '4', '5', '6')")) {
            Map<String, Integer> applied = new HashMap<>();
            while (rs.next()) {
                applied.put(rs.getString(1), rs.getInt(2));
            }
            return !applied.isEmpty() && applied.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(LEGACY_CHECKSUMS.get(e.getKey())));
        } catch (SQLException e) {
            return false; // no history yet (42P01), or not reachable: Flyway reports that itself
        }
    }
}
