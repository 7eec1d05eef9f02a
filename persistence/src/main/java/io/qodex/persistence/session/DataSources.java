package io.qodex.persistence.session;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.qodex.persistence.server.Roles;
import org.postgresql.ds.PGSimpleDataSource;

/** Data sources for Qodex logins: schema {@code qodex}, short connect timeouts, our application name. */
public final class DataSources {

    private DataSources() {
    }

    public static PGSimpleDataSource simple(String jdbcUrl, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(password);
        ds.setCurrentSchema(Roles.SCHEMA);
        ds.setApplicationName("qodex-operator");
        ds.setConnectTimeout(10);
        ds.setTcpKeepAlive(true);
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
