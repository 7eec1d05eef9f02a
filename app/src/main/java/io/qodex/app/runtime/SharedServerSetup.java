package io.qodex.app.runtime;

import io.qodex.app.runtime.config.DatabaseChoice;
import io.qodex.domain.common.QodexException;
import io.qodex.app.runtime.config.DatabaseTls;
import io.qodex.persistence.ConnectionSettings;
import io.qodex.persistence.TransportSecurity;
import io.qodex.persistence.server.Installation;
import io.qodex.persistence.server.SchemaMigrator;
import io.qodex.persistence.server.ServerProvisioner;
import io.qodex.persistence.server.ServerProvisioner.Service;
import io.qodex.persistence.server.ServiceCredentials;
import io.qodex.persistence.session.SqlErrors;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;

/** What {@code qodex db init} and {@code qodex db migrate} do to a shared server, for the CLI. */
public final class SharedServerSetup {

    /**
     * A prepared shared database: the client settings to hand out and the passwords that are new (a login whose
     * password was kept is absent: its old one still works).
     */
    public record Prepared(String jdbcUrl, String database, String schemaVersion, String installationId, String ownerRole,
                           String signupRole, String mailerRole, Optional<String> ownerPassword,
                           Optional<String> signupPassword, Optional<String> mailerPassword, List<String> advice,
                           Optional<String> firstAdmin) {

        @Override
        public String toString() {
            return "Prepared[" + database + " " + installationId + "]";
        }
    }

    private SharedServerSetup() {
    }

    /**
     * Prepares (or updates) the database named by the URL as the admin login ({@code QODEX_ADMIN_USER},
     * {@code QODEX_ADMIN_PASSWORD}); existing service logins keep their passwords unless {@code QODEX_OWNER_PASSWORD},
     * {@code QODEX_SIGNUP_PASSWORD} or {@code QODEX_MAILER_PASSWORD} give new ones. Every connection (admin and
     * owner) gets the transport security {@code tls} chooses for the URL.
     */
    public static Prepared init(String url, Map<String, String> environment, DatabaseTls tls,
                                Optional<io.qodex.domain.account.Email> firstAdmin) {
        TransportSecurity transport = tls.forUrl(url);
        PGSimpleDataSource target = new PGSimpleDataSource();
        target.setUrl(url);
        String database = target.getDatabaseName();
        if (database == null || database.isBlank()) {
            throw QodexException.invalid("url", "The URL must name the database, e.g. jdbc:postgresql://host:5432/qodex");
        }
        String adminUser = environment.getOrDefault("QODEX_ADMIN_USER", "postgres");
        String adminPassword = environment.getOrDefault("QODEX_ADMIN_PASSWORD", "");
        ServiceCredentials generated = ServiceCredentials.generate();
        ServiceCredentials credentials = new ServiceCredentials(
                environment.getOrDefault("QODEX_OWNER_PASSWORD", generated.ownerPassword()),
                environment.getOrDefault("QODEX_SIGNUP_PASSWORD", generated.signupPassword()),
                environment.getOrDefault("QODEX_MAILER_PASSWORD", generated.mailerPassword()));
        Set<Service> reset = EnumSet.noneOf(Service.class);
        if (environment.containsKey("QODEX_OWNER_PASSWORD")) {
            reset.add(Service.OWNER);
        }
        if (environment.containsKey("QODEX_SIGNUP_PASSWORD")) {
            reset.add(Service.SIGNUP);
        }
        if (environment.containsKey("QODEX_MAILER_PASSWORD")) {
            reset.add(Service.MAILER);
        }
        ServerProvisioner.Prepared prepared;
        try {
            prepared = ServerProvisioner.provision(admin(url, transport, "postgres", adminUser, adminPassword),
                    name -> admin(url, transport, name, adminUser, adminPassword), database, credentials, reset,
                    Optional.empty());
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
        Installation installation = prepared.installation();
        if (!prepared.passwordsSet().contains(Service.OWNER) && !environment.containsKey("QODEX_OWNER_PASSWORD")) {
            throw QodexException.invalid("The database " + database + " is prepared already and its owner login keeps its "
                    + "password: set QODEX_OWNER_PASSWORD to it (or to a new one) to migrate.");
        }
        String version = migrate(url, transport, installation, credentials.ownerPassword());
        Optional<String> named = firstAdmin.map(address -> nameFirstAdmin(url, transport, installation,
                credentials.ownerPassword(), address));
        return new Prepared(url, database, version, installation.id(), installation.ownerRole(), installation.signupRole(),
                installation.mailerRole(), given(prepared, Service.OWNER, credentials.ownerPassword()),
                given(prepared, Service.SIGNUP, credentials.signupPassword()),
                given(prepared, Service.MAILER, credentials.mailerPassword()), prepared.advice(), named);
    }

    /**
     * Names the address whose account becomes the organization's first admin once verified (as the owner login), and
     * says what will happen: nothing, if the default organization has an admin already.
     */
    private static String nameFirstAdmin(String url, TransportSecurity transport, Installation installation,
                                         String ownerPassword, io.qodex.domain.account.Email address) {
        try (java.sql.Connection c = io.qodex.persistence.session.DataSources.simple(url, transport,
                installation.ownerRole(), ownerPassword).getConnection();
             java.sql.PreparedStatement p = c.prepareStatement("update qodex.installation set first_admin_email = ?");
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet admin = s.executeQuery("select u.email from qodex.org_members m "
                     + "join qodex.users u on u.id = m.user_id where m.role = 'admin' and u.verified_at is not null "
                     + "and m.org_id = (select min(id) from qodex.organizations) order by u.id limit 1")) {
            p.setString(1, address.value());
            p.executeUpdate();
            return admin.next() ? "the default organization has an admin already (" + admin.getString(1) + "); --admin only "
                    + "names the first, so " + address.value() + " is not made one"
                    : address.value() + " (once verified)";
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /** Migrates a shared database as its owner login. */
    public static String migrate(DatabaseChoice.Shared shared, DatabaseTls tls, String ownerPassword) {
        ConnectionSettings settings = ConnectionSettings.fromUser(shared.jdbcUrl(), shared.signupRole(), "");
        Installation installation = settings.installation().orElseThrow(() -> QodexException.invalid(
                "This database was prepared before its roles carried an installation id (or QODEX_SIGNUP_USER is not "
                        + "set): run qodex db init --url " + shared.jdbcUrl() + " once as a superuser to upgrade it."));
        return migrate(shared.jdbcUrl(), tls.forUrl(shared.jdbcUrl()), installation, ownerPassword);
    }

    private static String migrate(String url, TransportSecurity transport, Installation installation,
                                  String ownerPassword) {
        try {
            return SchemaMigrator.migrate(url, transport, installation, ownerPassword);
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    private static Optional<String> given(ServerProvisioner.Prepared prepared, Service service, String password) {
        return prepared.passwordsSet().contains(service) ? Optional.of(password) : Optional.empty();
    }

    private static PGSimpleDataSource admin(String url, TransportSecurity transport, String database, String user,
                                            String password) {
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setUrl(url);
        admin.setDatabaseName(database);
        admin.setUser(user);
        admin.setPassword(password);
        transport.applyTo(admin);
        return admin;
    }
}
