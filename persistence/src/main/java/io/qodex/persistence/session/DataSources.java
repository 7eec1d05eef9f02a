package io.qodex.persistence.session;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.qodex.persistence.ConnectionSettings;
import io.qodex.persistence.TransportSecurity;
import io.qodex.persistence.server.Roles;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Data sources for Qodex logins: schema {@code qodex}, short connect timeouts, our application name, and the
 * transport security of the settings ({@link TransportSecurity#applyTo}).
 */
public final class DataSources {

    private DataSources() {
    }

    public static PGSimpleDataSource simple(ConnectionSettings settings, String user, String password) {
        return simple(settings.jdbcUrl(), settings.transport(), user, password);
    }

    /**
     * The system property naming this process's connections in {@code pg_stat_activity} (default
     * {@code qodex-operator}): the CLI's background process uses its own name to see who else uses the server.
     */
    public static final String APPLICATION_NAME_PROPERTY = "qodex.application-name";

    /** A data source with the default transport security for the URL (verify-full unless it is loopback). */
    public static PGSimpleDataSource simple(String jdbcUrl, String user, String password) {
        return simple(jdbcUrl, TransportSecurity.defaultFor(jdbcUrl), user, password);
    }

    public static PGSimpleDataSource simple(String jdbcUrl, TransportSecurity transport, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(password);
        ds.setCurrentSchema(Roles.SCHEMA);
        ds.setApplicationName(System.getProperty(APPLICATION_NAME_PROPERTY, "qodex-operator"));
        ds.setConnectTimeout(10);
        ds.setTcpKeepAlive(true);
        transport.applyTo(ds);
        return ds;
    }

    public static HikariDataSource pooled(PGSimpleDataSource target, String poolName, int maxSize) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(target);
        config.setPoolName(poolName);
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(3_000);
        config.setIdleTimeout(120_000);
        config.setAutoCommit(true);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
