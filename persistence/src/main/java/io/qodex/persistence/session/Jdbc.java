package io.qodex.persistence.session;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Plain JDBC transactions with our error translation, for the few places that need no Hibernate session. */
public final class Jdbc {

    /** Work on a connection that may throw SQLException. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private Jdbc() {
    }

    public static <T> T inTransaction(DataSource dataSource, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /**
     * Reads in one read-only transaction that sees a single snapshot (repeatable read), so that reads of several
     * tables (an environment, its variables, its profiles) cannot straddle someone else's save.
     */
    public static <T> T inSnapshot(DataSource dataSource, SqlWork<T> work) {
        return inTransaction(dataSource, connection -> {
            try (java.sql.Statement snapshot = connection.createStatement()) {
                snapshot.execute("set transaction isolation level repeatable read, read only");
            }
            return work.apply(connection);
        });
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }
}
