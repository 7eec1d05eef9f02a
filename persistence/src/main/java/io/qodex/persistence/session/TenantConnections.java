package io.qodex.persistence.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;

/**
 * Hibernate multi-tenancy with one "tenant" per signed-in user: the tenant identifier is the user's login role and
 * its connections come from that user's own pool, so every statement runs under the user's row-level security.
 * Schema validation at start-up uses the sign-up login ("any connection"), which can read the catalog only.
 */
final class TenantConnections implements MultiTenantConnectionProvider<String> {

    private static final long serialVersionUID = 1L;

    private final transient DataSource anyConnection;
    private final transient Map<String, DataSource> tenants = new ConcurrentHashMap<>();

    TenantConnections(DataSource anyConnection) {
        this.anyConnection = anyConnection;
    }

    void register(String role, DataSource dataSource) {
        tenants.put(role, dataSource);
    }

    void unregister(String role) {
        tenants.remove(role);
    }

    @Override
    public Connection getAnyConnection() throws SQLException {
        return anyConnection.getConnection();
    }

    @Override
    public void releaseAnyConnection(Connection connection) throws SQLException {
        connection.close();
    }

    @Override
    public Connection getConnection(String role) throws SQLException {
        DataSource dataSource = tenants.get(role);
        if (dataSource == null) {
            throw new SQLException("The session of this user has ended; sign in again.", "08003");
        }
        return dataSource.getConnection();
    }

    @Override
    public void releaseConnection(String role, Connection connection) throws SQLException {
        connection.close();
    }

    @Override
    public boolean supportsAggressiveRelease() {
        return false;
    }

    @Override
    public boolean isUnwrappableAs(Class<?> type) {
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new UnsupportedOperationException("TenantConnections cannot be unwrapped as " + type.getName());
    }
}
