package io.qodex.persistence.server;

import io.qodex.domain.common.QodexException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a PostgreSQL server for one Qodex database, as a superuser or a role with CREATEROLE and CREATEDB: the
 * installation's own service roles, the database (created, or adopted when a DBA or a cloud console made it), CONNECT
 * only for our roles, no CONNECT on {@code postgres}/{@code template1} for PUBLIC, no large objects. Idempotent and
 * safe when several clients do it at once (an advisory lock in the maintenance database, which only privileged roles
 * can reach once CONNECT is revoked from PUBLIC). Never changes another installation's roles.
 */
public final class ServerProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProvisioner.class);
    private static final long LOCK_KEY = 0x716f6465785f7031L; // "qodex_p1"

    /** Connections a login of each kind may hold at once (a stolen or public password cannot exhaust the server). */
    static final int SIGNUP_CONNECTIONS = 16;
    static final int MAILER_CONNECTIONS = 4;
    static final int OWNER_CONNECTIONS = 16;

    /** Which service login a password belongs to. */
    public enum Service { OWNER, SIGNUP, MAILER }

    /**
     * What preparing did.
     *
     * @param passwordsSet the logins whose password is now the one given (new roles, or reset on request); the others
     *                     kept theirs
     * @param advice       statements a database administrator should still run (the admin login lacked the right);
     *                     nothing in it is needed for Qodex to work, only for the hardening it describes
     */
    public record Prepared(Installation installation, boolean createdDatabase, Set<Service> passwordsSet,
                           List<String> advice) {
    }

    private ServerProvisioner() {
    }

    /**
     * @param maintenance        the server's maintenance database ({@code postgres}) as the admin login
     * @param onDatabase         the admin login on a named database
     * @param credentials        the service logins' passwords: given to new roles, and to existing ones named in
     *                           {@code reset}
     * @param preferred          the installation id to use for a database that has none yet (else a new one)
     */
    public static Prepared provision(DataSource maintenance, Function<String, DataSource> onDatabase, String database,
                                     ServiceCredentials credentials, Set<Service> reset,
                                     Optional<Installation> preferred) throws SQLException {
        try (Connection c = maintenance.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("select pg_advisory_lock(" + LOCK_KEY + ")");
            try {
                return provisionLocked(c, onDatabase, database, credentials, reset, preferred);
            } finally {
                s.execute("select pg_advisory_unlock(" + LOCK_KEY + ")");
            }
        }
    }

    private static Prepared provisionLocked(Connection c, Function<String, DataSource> onDatabase, String database,
                                            ServiceCredentials credentials, Set<Service> reset,
                                            Optional<Installation> preferred) throws SQLException {
        List<String> advice = new ArrayList<>();
        boolean exists = databaseExists(c, database);
        Optional<Installation> existing = exists ? installationOf(onDatabase.apply(database)) : Optional.empty();
        Optional<Installation> promised = existing.isPresent() || !exists ? Optional.empty()
                : pendingInstallation(c, database, true);
        Optional<Installation> leftOver = existing.isPresent() || promised.isPresent() || preferred.isPresent()
                ? Optional.empty() : pendingInstallation(c, database, false);
        Installation installation = existing.or(() -> promised).or(() -> preferred).or(() -> leftOver)
                .orElseGet(Installation::generate);
        if (promised.isPresent() || leftOver.isPresent()) {
            // roles no database uses yet: this run's passwords are the ones the operator gets
            reset = EnumSet.allOf(Service.class);
            LOG.info("Using the service roles of installation {} made by an earlier attempt", installation.id());
        }
        refuseNeighboursBefore16(c, database, installation, existing.isPresent() && LegacyRoles.inUse(c, database));
        if (existing.isPresent() && LegacyRoles.inUse(c, database)) {
            LegacyRoles.rename(c, database, installation);
        }
        Set<Service> passwordsSet = EnumSet.noneOf(Service.class);
        if (ensureRole(c, installation.ownerRole(), "login createrole nosuperuser nocreatedb nobypassrls connection limit "
                + OWNER_CONNECTIONS, credentials.ownerPassword(), reset.contains(Service.OWNER))) {
            passwordsSet.add(Service.OWNER);
        }
        ensureRole(c, installation.userRole(), "nologin nosuperuser nocreatedb nocreaterole nobypassrls", null, false);
        if (ensureRole(c, installation.signupRole(), "login nosuperuser nocreatedb nocreaterole nobypassrls connection limit "
                + SIGNUP_CONNECTIONS, credentials.signupPassword(), reset.contains(Service.SIGNUP))) {
            passwordsSet.add(Service.SIGNUP);
        }
        if (ensureRole(c, installation.mailerRole(), "login nosuperuser nocreatedb nocreaterole nobypassrls connection limit "
                + MAILER_CONNECTIONS, credentials.mailerPassword(), reset.contains(Service.MAILER))) {
            passwordsSet.add(Service.MAILER);
        }
        try (Statement s = c.createStatement()) {
            // The owner creates user roles "in role <users>": on PostgreSQL 16+ that needs ADMIN OPTION. Granted once
            // only: a grant on the users group waits behind any sign-up held open (the sign-up login is public), and
            // the embedded server is provisioned at every start.
            if (!isTrue(c, "select exists (select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid "
                    + "join pg_roles o on o.oid = m.member where g.rolname = ? and o.rolname = ? and m.admin_option)",
                    installation.userRole(), installation.ownerRole())) {
                s.execute("grant " + installation.userRole() + " to " + installation.ownerRole() + " with admin option");
            }
            // Timeouts for the logins a stranger may hold (a session can lower its own, but an honest client never
            // hangs on to a lock, and the functions that lock set their own lock_timeout).
            for (String role : List.of(installation.signupRole(), installation.mailerRole())) {
                s.execute("alter role " + role + " set statement_timeout = '15s'");
                s.execute("alter role " + role + " set idle_in_transaction_session_timeout = '15s'");
                s.execute("alter role " + role + " set lock_timeout = '5s'");
            }
        }
        boolean created = false;
        String quoted = quoteIdentifier(database);
        if (!exists) {
            execute(c, "create database " + quoted + " owner " + installation.ownerRole()
                    + " encoding 'UTF8' template template0");
            LOG.info("Created database {}", database);
            created = true;
        }
        // Everything the database needs, checked first so that a run after the DBA did it passes; what this admin
        // login may not do is collected and given to the DBA in one message.
        List<String> required = new ArrayList<>();
        if (exists && !ownerOf(c, database).equals(installation.ownerRole())) {
            adopt(c, database, installation, required);
        }
        if (isTrue(c, "select exists (select 1 from pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', "
                + "d.datdba))) a where d.datname = ? and a.grantee = 0 and a.privilege_type in ('CONNECT', 'TEMPORARY'))",
                database)) {
            tryOrAdvise(c, "revoke connect, temporary on database " + quoted + " from public", required);
        }
        List<String> connecting = new ArrayList<>(List.of(installation.ownerRole(), installation.signupRole(),
                installation.mailerRole(), installation.userRole()));
        if (!isSuperuser(c)) {
            connecting.add(currentUser(c)); // the admin login keeps its way in for the next db init
        }
        // granted to each by name (PUBLIC's CONNECT does not count: it is revoked above)
        if (!isTrue(c, "select bool_and(exists (select 1 from pg_database d, pg_roles r, aclexplode(coalesce(d.datacl, "
                + "acldefault('d', d.datdba))) a where d.datname = ? and r.rolname = n and a.grantee = r.oid "
                + "and a.privilege_type = 'CONNECT')) from unnest(?::text[]) n", database,
                connecting.toArray(String[]::new))) {
            tryOrAdvise(c, "grant connect on database " + quoted + " to " + String.join(", ",
                    connecting.stream().map(ServerProvisioner::quoteIdentifier).toList()), required);
        }
        if (!required.isEmpty()) {
            throw refused(database, required);
        }
        if (isSuperuser(c)) {
            // a login may raise work_mem but not this: no session of the database writes more than 1 GB of temporary
            // files (the sign-up login's password is public; docs/security.md, "Denial of service")
            tryOrAdvise(c, "alter database " + quoted + " set temp_file_limit = '1GB'", advice);
        }
        for (String maintenanceDatabase : List.of("postgres", "template1")) {
            if (databaseExists(c, maintenanceDatabase)) {
                // the admin login keeps its way in (a superuser needs none; a cloud console's admin does)
                tryOrAdvise(c, "grant connect on database " + maintenanceDatabase + " to current_user", advice);
                tryOrAdvise(c, "revoke connect on database " + maintenanceDatabase + " from public", advice);
            }
        }
        try (Connection target = onDatabase.apply(database).getConnection()) {
            target.setAutoCommit(true);
            // no large objects; and no ending or cancelling other sessions of one's own role: every desktop shares
            // the sign-up login, whose password is public (docs/security.md, "Denial of service")
            for (String function : List.of("lo_create(oid)", "lo_creat(integer)", "lo_from_bytea(oid, bytea)",
                    "lo_import(text)", "lo_import(text, oid)", "pg_terminate_backend(integer, bigint)",
                    "pg_cancel_backend(integer)")) {
                tryOrAdvise(target, "revoke execute on function pg_catalog." + function + " from public", advice);
            }
            // the owner ends the sessions of an API key it revokes (its own key logins only: it is a member of them)
            tryOrAdvise(target, "grant execute on function pg_catalog.pg_terminate_backend(integer, bigint) to "
                    + quoteIdentifier(installation.ownerRole()), advice);
        }
        return new Prepared(installation, created, passwordsSet, List.copyOf(advice));
    }

    /**
     * A database someone else created: it stays theirs, our owner role gets what the migrations need (CREATE to make
     * the schema, CONNECT). A superuser transfers ownership instead, which also lets the owner role revoke PUBLIC's
     * CONNECT. Without either right, the DBA gets the statements to run.
     */
    private static void adopt(Connection c, String database, Installation installation, List<String> required)
            throws SQLException {
        String quoted = quoteIdentifier(database);
        if (isSuperuser(c)) {
            tryOrAdvise(c, "alter database " + quoted + " owner to " + installation.ownerRole(), required);
        } else if (!isTrue(c, "select has_database_privilege(?, ?, 'CREATE') and has_database_privilege(?, ?, 'CONNECT')",
                installation.ownerRole(), database, installation.ownerRole(), database)) {
            tryOrAdvise(c, "grant create, connect, temporary on database " + quoted + " to " + installation.ownerRole()
                    + " with grant option", required);
        }
        if (required.isEmpty()) {
            LOG.info("Adopted the existing database {}", database);
        }
    }

    /**
     * Before PostgreSQL 16, CREATEROLE lets a role alter every role that is not a superuser: one installation's owner
     * could set another installation's passwords and grant itself its roles. On those servers a database is prepared
     * only when no other installation lives there (docs/security.md, "Service roles").
     */
    private static void refuseNeighboursBefore16(Connection c, String database, Installation installation,
                                                 boolean upgradingLegacy) throws SQLException {
        if (c.getMetaData().getDatabaseMajorVersion() >= 16) {
            return;
        }
        List<String> neighbours = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                select r.rolname from pg_roles r
                 where (r.rolname ~ '^qx_[a-z2-7]{6}_owner$' or r.rolname = 'qodex_owner')
                   and r.rolname <> ? and not (r.rolname = 'qodex_owner' and ?)
                 order by 1""")) {
            p.setString(1, installation.ownerRole());
            p.setBoolean(2, upgradingLegacy);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    neighbours.add(rs.getString(1));
                }
            }
        }
        if (!neighbours.isEmpty()) {
            throw QodexException.notAllowed("This PostgreSQL server (version "
                    + c.getMetaData().getDatabaseProductVersion() + ") already hosts another Qodex database (owner role "
                    + String.join(", ", neighbours) + "). Before PostgreSQL 16 one database's owner could take over the "
                    + "other's logins, so " + database + " needs a server of its own, or PostgreSQL 16 or later.");
        }
    }

    /**
     * The installation a database without a Qodex schema is already promised to, so that running {@code db init}
     * again after a refusal uses the roles the DBA was told to grant to: the one owner role in the database's ACL
     * that no other database knows, else a set of service roles left by a refused attempt that no database knows.
     */
    private static Optional<Installation> pendingInstallation(Connection c, String database, boolean inAcl)
            throws SQLException {
        String sql = """
                select substr(r.rolname, 4, 6) from pg_roles r
                 where r.rolname ~ '^qx_[a-z2-7]{6}_owner$'
                   and (not ? or exists (select 1 from pg_database d, aclexplode(d.datacl) a
                                          where d.datname = ? and a.grantee = r.oid))
                   and not exists (select 1 from pg_database d
                                    where d.datname <> ? and (d.datdba = r.oid
                                          or exists (select 1 from aclexplode(d.datacl) a where a.grantee = r.oid)))
                 order by 1 limit 1""";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setBoolean(1, inAcl);
            p.setString(2, database);
            p.setString(3, database);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new Installation(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private static QodexException refused(String database, List<String> statements) {
        return QodexException.notAllowed("The admin login may not prepare the existing database " + database
                + ". Ask its owner or a superuser to run:\n  " + String.join(";\n  ", statements)
                + ";\nthen run qodex db init again.");
    }

    /**
     * Runs a GRANT or REVOKE; if the admin login may not (an error, or PostgreSQL's mere warning that nothing was
     * granted or revoked: 01007, 01006), the statement goes to {@code advice} instead.
     */
    private static void tryOrAdvise(Connection c, String sql, List<String> advice) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            for (java.sql.SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                if ("01007".equals(w.getSQLState()) || "01006".equals(w.getSQLState())) {
                    LOG.info("Not allowed for this admin login: {} ({})", sql, w.getMessage());
                    advice.add(sql);
                    return;
                }
            }
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw e;
            }
            LOG.info("Not allowed for this admin login: {}", sql);
            advice.add(sql);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The installation of an existing Qodex database, or empty if the database has no Qodex schema yet. */
    static Optional<Installation> installationOf(DataSource database) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "select 1 from pg_class where relname = 'installation' and relnamespace = "
                            + "(select oid from pg_namespace where nspname = 'qodex')")) {
                if (!rs.next()) {
                    return Optional.empty();
                }
            }
            try (ResultSet rs = s.executeQuery("select install_id from qodex.installation")) {
                return rs.next() ? Optional.of(new Installation(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** @return true if the role's password is now {@code password} */
    private static boolean ensureRole(Connection c, String role, String attributes, String password, boolean reset)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            if (roleExists(c, role)) {
                boolean setPassword = password != null && reset;
                String changed = attributes;
                if (!isSuperuser(c)) {
                    // only a superuser may even restate these; a role that has them needs one
                    if (isTrue(c, "select rolsuper or rolbypassrls from pg_roles where rolname = ?", role)) {
                        throw QodexException.notAllowed("The role " + role + " may bypass row-level security. Ask a "
                                + "superuser to run: alter role " + role + " nosuperuser nobypassrls");
                    }
                    changed = attributes.replaceAll(" ?\\b(nosuperuser|nobypassrls)\\b", "");
                }
                s.execute("alter role " + role + " with " + changed
                        + (setPassword ? " password '" + scramVerifier(password) + "'" : ""));
                return setPassword;
            }
            s.execute("create role " + role + " with " + attributes
                    + (password == null ? "" : " password '" + scramVerifier(password) + "'"));
            LOG.info("Created role {}", role);
            return password != null;
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

    static boolean roleExists(Connection c, String role) throws SQLException {
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

    private static String ownerOf(Connection c, String database) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "select pg_get_userbyid(datdba) from pg_database where datname = ?")) {
            p.setString(1, database);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static boolean isTrue(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof String[] array) {
                    p.setArray(i + 1, c.createArrayOf("text", array));
                } else {
                    p.setObject(i + 1, parameters[i]);
                }
            }
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean isSuperuser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select rolsuper from pg_roles where rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    static String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
