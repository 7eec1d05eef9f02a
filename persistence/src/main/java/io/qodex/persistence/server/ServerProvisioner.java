package io.qodex.persistence.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a PostgreSQL server for one Qodex database, as a superuser (or a role with CREATEROLE and CREATEDB):
 * the service roles, the database owned by {@code qodex_owner}, CONNECT only for our roles. Idempotent and safe
 * when several clients do it at once (an advisory lock serialises them; existing roles are kept).
 */
public final class ServerProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProvisioner.class);
    private static final long LOCK_KEY = 0x716f6465785f7031L; // "qodex_p1"

    private ServerProvisioner() {
    }

    /**
     * @param admin a data source on the server's maintenance database, as a superuser
     */
    public static void provision(DataSource admin, String database, ServiceCredentials credentials) throws SQLException {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("select pg_advisory_lock(" + LOCK_KEY + ")");
            try {
                ensureRole(c, Roles.OWNER, "login createrole nosuperuser nocreatedb nobypassrls", credentials.ownerPassword());
                ensureRole(c, Roles.USER, "nologin nosuperuser nocreatedb nocreaterole nobypassrls", null);
                ensureRole(c, Roles.SIGNUP, "login nosuperuser nocreatedb nocreaterole nobypassrls", credentials.signupPassword());
                ensureRole(c, Roles.MAILER, "login nosuperuser nocreatedb nocreaterole nobypassrls", credentials.mailerPassword());
                // The owner creates user roles "in role qodex_user": on PostgreSQL 16+ that needs ADMIN OPTION.
                s.execute("grant " + Roles.USER + " to " + Roles.OWNER + " with admin option");
                if (!databaseExists(c, database)) {
                    s.execute("create database " + quoteIdentifier(database) + " owner " + Roles.OWNER
                            + " encoding 'UTF8' template template0");
                    LOG.info("Created database {}", database);
                }
                s.execute("revoke connect, temporary on database " + quoteIdentifier(database) + " from public");
                s.execute("grant connect on database " + quoteIdentifier(database) + " to "
                        + Roles.OWNER + ", " + Roles.SIGNUP + ", " + Roles.MAILER);
            } finally {
                s.execute("select pg_advisory_unlock(" + LOCK_KEY + ")");
            }
        }
    }

    private static void ensureRole(Connection c, String role, String attributes, String password) throws SQLException {
        String passwordClause = password == null ? "" : " password '" + scramVerifier(password) + "'";
        try (Statement s = c.createStatement()) {
            if (roleExists(c, role)) {
                s.execute("alter role " + role + " with " + attributes + passwordClause);
            } else {
                s.execute("create role " + role + " with " + attributes + passwordClause);
                LOG.info("Created role {}", role);
            }
        }
    }

    /** The password leaves this process only as a SCRAM verifier, never in clear (not even in server logs). */
    private static String scramVerifier(String password) {
        char[] chars = password.toCharArray();
        try {
            return PasswordUtil.encodeScramSha256(chars).replace("'", "''");
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    private static boolean roleExists(Connection c, String role) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            p.setString(1, role);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean databaseExists(Connection c, String database) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            p.setString(1, database);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
