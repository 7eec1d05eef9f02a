package io.qodex.persistence.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Assertions that a statement was refused for the expected reason: the SQLSTATE must be one the caller names, so a
 * typo, a missing function overload or table (42601, 42883, 42P01) or a role that does not exist (22023) cannot pass
 * as a refusal.
 */
public final class SqlRefusals {

    /** Missing privileges, and a new row that violates a row-level security policy: PostgreSQL answers both so. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** Ours (V2): the last Admin of a project cannot go. */
    public static final String LAST_ADMIN = "QX001";
    /** Ours: the caller's role does not allow it. */
    public static final String NOT_ALLOWED = "QX002";
    /** Ours: no such row, or not one the caller may see. */
    public static final String NOT_FOUND = "QX003";
    /** Ours: the input is invalid (a secret that is not ciphertext, a bad amount …). */
    public static final String INVALID_INPUT = "QX005";
    /** A CHECK constraint. */
    public static final String CHECK_VIOLATION = "23514";

    private SqlRefusals() {
    }

    /** The call throws an {@link SQLException} whose SQLSTATE is one of {@code states}. */
    public static void assertRefused(String what, ThrowingCallable call, String state, String... more) {
        List<String> expected = states(state, more);
        assertThatThrownBy(call).as(what).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                .as("SQLSTATE of \"%s\" (%s)", what, e.getMessage()).isIn(expected));
    }

    /** The statement, run as {@code as}, is refused with one of {@code states}. */
    public static void assertRefused(DataSource as, String sql, String state, String... more) {
        assertRefused(sql, () -> execute(as, sql), state, more);
    }

    /** The count query answers 0, or is refused with one of {@code states}. */
    public static void assertSeesNothingOrRefused(DataSource as, String countSql, String state, String... more) {
        try (Connection c = as.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(countSql)) {
            assertThat(rs.next()).as(countSql).isTrue();
            assertThat(rs.getLong(1)).as(countSql).isZero();
        } catch (SQLException refused) {
            assertState(countSql, refused, states(state, more));
        }
    }

    /** The statement changes no row, or is refused with one of {@code states}. */
    public static void assertChangesNothingOrRefused(DataSource as, String dml, String state, String... more) {
        try (Connection c = as.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(dml)).as(dml).isZero();
        } catch (SQLException refused) {
            assertState(dml, refused, states(state, more));
        }
    }

    private static void assertState(String what, SQLException refused, List<String> expected) {
        assertThat(refused.getSQLState()).as("SQLSTATE of \"%s\" (%s)", what, refused.getMessage()).isIn(expected);
    }

    private static List<String> states(String state, String... more) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(state), java.util.Arrays.stream(more)).toList();
    }

    private static void execute(DataSource as, String sql) throws SQLException {
        try (Connection c = as.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
