package io.qodex.persistence.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import io.qodex.persistence.testing.Pg15Server;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PasswordUtil;

/**
 * docs/security.md, "Service roles", on Debian's PostgreSQL 15 (a second major version beside the embedded 17): a
 * second installation on the same server is refused (before 16, CREATEROLE reaches every role); a database a DBA
 * created is adopted or the DBA is told exactly what to run; a database prepared before per-installation roles is
 * upgraded in place with everything in it. Two installations side by side are proven on 17 in
 * {@link TwoInstallationsIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedServerRolesIT {

    private Pg15Server server;

    @BeforeAll
    void start() {
        server = Pg15Server.start();
        assertThat(server.version()).startsWith("15.");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private ServerProvisioner.Prepared prepare(String database, ServiceCredentials credentials) throws SQLException {
        return ServerProvisioner.provision(server.superuserDataSource("postgres"), server::superuserDataSource, database,
                credentials, EnumSet.allOf(ServerProvisioner.Service.class), Optional.empty());
    }

    /** Every test starts from a server with no Qodex database on it (the refusal below depends on it). */
    @AfterEach
    void dropEverything() throws SQLException {
        try (Connection c = server.superuserDataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            java.util.List<String> databases = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("select datname from pg_database where datname not in "
                    + "('postgres', 'template0', 'template1')")) {
                while (rs.next()) {
                    databases.add(rs.getString(1));
                }
            }
            for (String database : databases) {
                s.execute("drop database " + ServerProvisioner.quoteIdentifier(database) + " with (force)");
            }
            java.util.List<String> roles = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("select rolname from pg_roles where rolname !~ '^pg_' "
                    + "and rolname <> current_user")) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
            for (String role : roles) {
                s.execute("drop owned by " + ServerProvisioner.quoteIdentifier(role)); // grants on shared objects
                s.execute("drop role " + ServerProvisioner.quoteIdentifier(role));
            }
        }
    }

    @Test
    void beforePostgres16ASecondInstallationIsRefusedAndTheFirstIsUntouched() throws SQLException {
        ServiceCredentials first = ServiceCredentials.generate();
        Installation one = prepare("shop_one", first).installation();
        SchemaMigrator.migrate(server.jdbcUrl("shop_one"), one, first.ownerPassword());

        // on 15, CREATEROLE reaches every role that is not a superuser: a second owner could take over the first
        assertThatThrownBy(() -> prepare("shop_two", ServiceCredentials.generate()))
                .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.getMessage())
                        .startsWith("This PostgreSQL server (version 15.")
                        .contains("already hosts another Qodex database (owner role " + one.ownerRole() + ")")
                        .contains("shop_two needs a server of its own, or PostgreSQL 16 or later"));
        // owner, users, sign-up, mailer and the group of API key logins
        assertThat(string("postgres", "postgres", null, "select count(*) from pg_roles where rolname ~ '^qx_'"))
                .isEqualTo("5");
        assertThat(string("postgres", "postgres", null, "select count(*) from pg_database where datname = 'shop_two'"))
                .isEqualTo("0");
        // preparing the first one again still works, and its logins still open it
        assertThat(prepare("shop_one", first).installation()).isEqualTo(one);
        assertThat(count("shop_one", one.ownerRole(), first.ownerPassword(), "select count(*) from qodex.users")).isZero();
    }

    @Test
    void aDatabaseTheDbaCreatedIsAdoptedOrTheDbaIsToldWhatToRun() throws SQLException {
        try (Connection c = server.superuserDataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("create database dba_made");
            s.execute("create role console_admin login createrole createdb password '"
                    + PasswordUtil.encodeScramSha256("console-admin-pw-1".toCharArray()) + "'");
            s.execute("grant connect on database postgres to console_admin");
        }
        // a cloud-console admin (CREATEROLE, CREATEDB, not superuser, not the database's owner) cannot grant on it
        PGSimpleDataSource consoleOnPostgres = login("postgres", "console_admin", "console-admin-pw-1");
        ServiceCredentials credentials = ServiceCredentials.generate();
        String[] told = new String[2];
        for (int attempt = 0; attempt < 2; attempt++) { // running it again names the same roles
            assertThatThrownBy(() -> ServerProvisioner.provision(consoleOnPostgres,
                    name -> login(name, "console_admin", "console-admin-pw-1"), "dba_made", credentials,
                    EnumSet.allOf(ServerProvisioner.Service.class), Optional.empty()))
                    .isInstanceOfSatisfying(QodexException.class, e -> {
                        assertThat(e.getMessage()).contains("Ask its owner or a superuser to run:")
                                .contains("grant create, connect, temporary on database \"dba_made\" to qx_")
                                .contains("revoke connect, temporary on database \"dba_made\" from public")
                                .contains("then run qodex db init again");
                        String owner = e.getMessage().replaceAll("(?s).*? to (qx_[a-z2-7]{6}_owner).*", "$1");
                        assertThat(told[0] == null ? owner : told[0]).isEqualTo(owner);
                        told[0] = owner;
                        told[1] = e.getMessage().replaceAll("(?s).*Ask its owner or a superuser to run:\n(.*);\nthen.*",
                                "$1");
                    });
        }
        // the DBA runs what it was told, all in one go; then the console admin's next run adopts the database
        try (Connection c = server.superuserDataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            for (String statement : told[1].split(";\n")) {
                s.execute(statement.strip());
            }
        }
        Installation adopted = ServerProvisioner.provision(consoleOnPostgres,
                name -> login(name, "console_admin", "console-admin-pw-1"), "dba_made", credentials,
                EnumSet.allOf(ServerProvisioner.Service.class), Optional.empty()).installation();
        assertThat(adopted.ownerRole()).isEqualTo(told[0]);
        assertThat(SchemaMigrator.migrate(server.jdbcUrl("dba_made"), adopted, credentials.ownerPassword())).isNotEqualTo("none");
        assertThat(count("dba_made", adopted.ownerRole(), credentials.ownerPassword(),
                "select count(*) from qodex.installation")).isEqualTo(1);
        assertThat(count("dba_made", adopted.mailerRole(), credentials.mailerPassword(),
                "select count(*) from qodex.mail_outbox")).isZero();
    }

    @Test
    void aSuperuserAdoptsADatabaseTheDbaCreated() throws SQLException {
        try (Connection c = server.superuserDataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("create database dba_made_too");
        }
        ServiceCredentials credentials = ServiceCredentials.generate();
        Installation adopted = prepare("dba_made_too", credentials).installation();
        assertThat(string("postgres", "postgres", null,
                "select pg_get_userbyid(datdba) from pg_database where datname = 'dba_made_too'"))
                .isEqualTo(adopted.ownerRole());
        assertThat(SchemaMigrator.migrate(server.jdbcUrl("dba_made_too"), adopted, credentials.ownerPassword()))
                .isNotEqualTo("none");
        assertThat(count("dba_made_too", adopted.ownerRole(), credentials.ownerPassword(),
                "select count(*) from qodex.installation")).isEqualTo(1);
    }

    @Test
    void aLegacyDatabaseIsUpgradedInPlaceAndASecondOneSharingItsRolesIsRefused() throws Exception {
        ServiceCredentials legacy = ServiceCredentials.generate();
        try (Connection c = server.superuserDataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("create role qodex_owner login createrole password '" + scram(legacy.ownerPassword()) + "'");
            s.execute("create role qodex_user nologin");
            s.execute("create role qodex_signup login password '" + scram(legacy.signupPassword()) + "'");
            s.execute("create role qodex_mailer login password '" + scram(legacy.mailerPassword()) + "'");
            s.execute("grant qodex_user to qodex_owner with admin option");
            s.execute("create database old_shop owner qodex_owner");
            s.execute("create database old_other owner qodex_owner");
        }
        for (String database : new String[] {"old_shop", "old_other"}) {
            Flyway.configure().dataSource(server.jdbcUrl(database), "qodex_owner", legacy.ownerPassword())
                    .schemas(Roles.SCHEMA).defaultSchema(Roles.SCHEMA).locations("classpath:legacy/db/migration")
                    .load().migrate();
        }
        // an account and a project of the old days
        try (Connection c = login("old_shop", "qodex_signup", legacy.signupPassword()).getConnection();
             PreparedStatement p = c.prepareStatement("select qodex.sign_up(?, ?, ?, ?, ?)")) {
            p.setString(1, "old@example.test");
            p.setString(2, scram("old-password-of-old-user"));
            p.setBytes(3, new byte[32]);
            p.setBytes(4, new byte[60]);
            p.setString(5, "argon2id;v=19;m=19456;t=2;p=1;salt=AAAAAAAAAAAAAAAAAAAAAA==");
            p.execute();
        }
        String oldRole = string("old_shop", "postgres", null, "select role_name from qodex.users");
        try (Connection c = server.superuserDataSource("old_shop").getConnection(); Statement s = c.createStatement()) {
            s.execute("update qodex.users set verified_at = now()"); // verified back then (unverified ones lose LOGIN)
        }

        // two databases share the legacy roles: renaming them for one would take them from the other
        assertThatThrownBy(() -> prepare("old_shop", legacy))
                .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.getMessage())
                        .contains("shares its service roles").contains("old_other"));
        try (Connection c = server.superuserDataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("drop database old_other");
        }
        Installation upgraded = prepare("old_shop", legacy).installation();
        assertThat(upgraded.id()).isEqualTo(string("old_shop", "postgres", null, "select install_id from qodex.installation"));
        assertThat(SchemaMigrator.migrate(server.jdbcUrl("old_shop"), upgraded, legacy.ownerPassword())).isEqualTo("14");
        // the shared names are gone, the installation's own roles carry the old passwords and everything in them
        assertThat(string("old_shop", "postgres", null, "select count(*) from pg_roles where rolname like 'qodex\\_%'"))
                .isEqualTo("0");
        assertThat(count("old_shop", upgraded.mailerRole(), legacy.mailerPassword(), "select count(*) from qodex.mail_outbox"))
                .isEqualTo(1);
        // the account moved to a keyed role name and still signs in with its old password (upgraded at sign-in)
        String newRole = string("old_shop", "postgres", null, "select role_name from qodex.users");
        assertThat(newRole).isNotEqualTo(oldRole).startsWith("qx_" + upgraded.id() + "_");
        assertThat(count("old_shop", newRole, "old-password-of-old-user", "select count(*) from qodex.my_account()"))
                .isEqualTo(1);
        assertThat(string("old_shop", "postgres", null, "select count(*) from pg_roles where rolname = '" + oldRole + "'"))
                .isEqualTo("0");
        // the migration history validates (checksums realigned once, for exactly the old scripts)
        assertThat(SchemaMigrator.migrate(server.jdbcUrl("old_shop"), upgraded, legacy.ownerPassword())).isEqualTo("14");
    }

    private static String scram(String password) {
        return PasswordUtil.encodeScramSha256(password.toCharArray());
    }

    private PGSimpleDataSource login(String database, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(server.jdbcUrl(database));
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    private void assertConnectRefused(String database, String user, String password, String state) {
        assertThatThrownBy(() -> login(database, user, password).getConnection().close()).as(user + " on " + database)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(state));
    }

    private long count(String database, String user, String password, String sql) throws SQLException {
        return Long.parseLong(string(database, user, password, sql));
    }

    private String string(String database, String user, String password, String sql) throws SQLException {
        javax.sql.DataSource source = user.equals("postgres") ? server.superuserDataSource(database)
                : login(database, user, password);
        try (Connection c = source.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
