package io.qodex.persistence.llm;

import io.qodex.persistence.session.Jdbc;
import io.qodex.persistence.session.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One statement in its own transaction: one round trip, for the calls on an LLM call's path. */
final class Autocommit {

    private Autocommit() {
    }

    static <T> T run(DataSource dataSource, Jdbc.SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return work.apply(connection);
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }
}
