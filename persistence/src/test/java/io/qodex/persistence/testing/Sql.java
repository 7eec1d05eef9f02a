package io.qodex.persistence.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** One-line SQL as a given login, for the attack tests: run a statement, read one value or one column. */
public final class Sql {

    private Sql() {
    }

    public static void execute(DataSource as, String sql) throws SQLException {
        try (Connection c = as.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public static long longValue(DataSource as, String sql) throws SQLException {
        return Long.parseLong(text(as, sql));
    }

    /** The only row's first column (the query must return exactly one row). */
    public static String text(DataSource as, String sql) throws SQLException {
        List<String> rows = rows(as, sql);
        assertThat(rows).as(sql).hasSize(1);
        return rows.get(0);
    }

    /** The first column of every row, as text (null stays null). */
    public static List<String> rows(DataSource as, String sql) throws SQLException {
        try (Connection c = as.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }
}
