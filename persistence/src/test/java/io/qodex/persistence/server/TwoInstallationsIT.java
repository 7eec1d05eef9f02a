package io.qodex.persistence.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.qodex.persistence.session.DataSources;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md, "Service roles": on PostgreSQL 16 and later two installations share a server safely. Each gets
 * roles of its own; neither's logins open the other's database, and neither's owner can touch the other's roles
 * (CREATEROLE needs ADMIN OPTION on the target since 16). Preparing the second never changes the first.
 */
class TwoInstallationsIT {

    @Test
    void aSecondDatabaseGetsItsOwnRolesAndTheFirstKeepsWorking() throws SQLException {
        TestDatabase shopOne = TestPostgres.emptyDatabase();
        TestDatabase shopTwo = TestPostgres.emptyDatabase();
        try (Connection c = TestPostgres.maintenance().getConnection()) {
            assumeThat(c.getMetaData().getDatabaseMajorVersion()).as("a server of PostgreSQL 16 or later")
                    .isGreaterThanOrEqualTo(16);
        }
        ServiceCredentials first = ServiceCredentials.generate();
        ServiceCredentials second = ServiceCredentials.generate();
        Installation one = prepare(shopOne, first).installation();
        SchemaMigrator.migrate(shopOne.jdbcUrl(), one, first.ownerPassword());
        Installation two = prepare(shopTwo, second).installation();
        SchemaMigrator.migrate(shopTwo.jdbcUrl(), two, second.ownerPassword());
        assertThat(two.ownerRole()).isNotEqualTo(one.ownerRole());

        // database 2's logins open nothing of database 1
        assertConnectRefused(shopOne, two.ownerRole(), second.ownerPassword(), "42501");
        assertConnectRefused(shopOne, two.mailerRole(), second.mailerPassword(), "42501");
        assertConnectRefused(shopOne, one.ownerRole(), second.ownerPassword(), "28P01");
        assertConnectRefused(shopOne, one.mailerRole(), second.mailerPassword(), "28P01");
        // database 2's owner cannot change database 1's roles (the takeover PostgreSQL 15 would allow)
        try (Connection c = DataSources.simple(shopTwo.jdbcUrl(), two.ownerRole(), second.ownerPassword()).getConnection();
             Statement s = c.createStatement()) {
            for (String attack : new String[] {"alter role " + one.ownerRole() + " password 'taken-over-1'",
                    "grant " + one.ownerRole() + " to " + two.ownerRole(),
                    "alter role " + one.signupRole() + " password 'taken-over-2'"}) {
                assertThatThrownBy(() -> s.execute(attack)).as(attack).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
        // database 1's own logins still work after database 2 was prepared (and prepared again)
        prepare(shopTwo, ServiceCredentials.generate());
        assertThat(count(shopOne, one.mailerRole(), first.mailerPassword(), "select count(*) from qodex.mail_outbox"))
                .isZero();
        assertThat(count(shopOne, one.ownerRole(), first.ownerPassword(), "select count(*) from qodex.users")).isZero();
    }

    private static ServerProvisioner.Prepared prepare(TestDatabase database, ServiceCredentials credentials)
            throws SQLException {
        return ServerProvisioner.provision(TestPostgres.maintenance(), TestPostgres::superuserOn, database.name(),
                credentials, EnumSet.allOf(ServerProvisioner.Service.class), Optional.empty());
    }

    private static void assertConnectRefused(TestDatabase database, String user, String password, String state) {
        assertThatThrownBy(() -> DataSources.simple(database.jdbcUrl(), user, password).getConnection().close())
                .as(user + " on " + database.name())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(state));
    }

    private static long count(TestDatabase database, String user, String password, String sql) throws SQLException {
        try (Connection c = DataSources.simple(database.jdbcUrl(), user, password).getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
