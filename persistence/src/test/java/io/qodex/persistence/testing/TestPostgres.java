package io.qodex.persistence.testing;

import io.qodex.persistence.server.EmbeddedServer;
import io.qodex.persistence.server.Installation;
import io.qodex.persistence.server.ServerProvisioner;
import io.qodex.persistence.server.ServiceCredentials;
import io.qodex.persistence.server.SchemaMigrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One PostgreSQL server per test run: the embedded one (the same zonky PostgreSQL 17 the app ships), or the server
 * named by {@code QODEX_TEST_DB_URL} (a superuser JDBC URL). Each test class takes a fresh database, cloned from a
 * migrated template so that it costs milliseconds, with its own installation id.
 */
public final class TestPostgres {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private static Server server;
    private static String template;

    /** The service passwords of this run; provisioning sets them on this run's service roles. */
    public static final ServiceCredentials CREDENTIALS = ServiceCredentials.generate();
    /** The installation whose service roles every test database of this run shares (each has its own user prefix). */
    public static final Installation INSTALLATION = Installation.generate();

    private TestPostgres() {
    }

    interface Server {
        DataSource superuser(String database);

        String jdbcUrl(String database);
    }

    public static synchronized TestDatabase freshDatabase() {
        Server s = server();
        String name = "qx_test_" + RUN + "_" + COUNTER.incrementAndGet();
        try {
            if (template == null) {
                String templateName = "qx_tpl_" + RUN;
                prepare(s.superuser("postgres"), s::superuser, templateName);
                SchemaMigrator.migrate(s.jdbcUrl(templateName), INSTALLATION, CREDENTIALS.ownerPassword());
                template = templateName;
            }
            try (Connection c = s.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
                st.execute("create database " + name + " template " + template + " owner " + INSTALLATION.ownerRole());
                st.execute("revoke connect, temporary on database " + name + " from public");
                st.execute("grant connect on database " + name + " to " + INSTALLATION.ownerRole() + ", "
                        + INSTALLATION.signupRole() + ", " + INSTALLATION.mailerRole() + ", " + INSTALLATION.userRole());
            }
            TestDatabase database = new TestDatabase(name, s.jdbcUrl(name), s.superuser(name), s.superuser("postgres"));
            database.newInstallationId();
            return database;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Provisions a database for this run's installation (the app's own path, with this run's passwords). */
    public static ServerProvisioner.Prepared prepare(DataSource maintenance,
                                                     java.util.function.Function<String, DataSource> onDatabase,
                                                     String database) throws SQLException {
        return ServerProvisioner.provision(maintenance, onDatabase, database, CREDENTIALS,
                java.util.EnumSet.allOf(ServerProvisioner.Service.class), java.util.Optional.of(INSTALLATION));
    }

    /** A database created the way the app does it (provision + migrate), not from the template. */
    public static synchronized TestDatabase emptyDatabase() {
        Server s = server();
        String name = "qx_empty_" + RUN + "_" + COUNTER.incrementAndGet();
        return new TestDatabase(name, s.jdbcUrl(name), s.superuser(name), s.superuser("postgres"));
    }

    public static synchronized DataSource superuserOn(String database) {
        return server().superuser(database);
    }

    public static synchronized DataSource maintenance() {
        return server().superuser("postgres");
    }

    private static Server server() {
        if (server == null) {
            String external = System.getenv("QODEX_TEST_DB_URL");
            server = external == null || external.isBlank() ? embedded() : external(external);
        }
        return server;
    }

    private static Server embedded() {
        try {
            Path dir = Files.createTempDirectory("qodex-test-pg");
            EmbeddedServer embedded = EmbeddedServer.forTests(dir);
            embedded.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                embedded.close();
                deleteRecursively(dir);
            }, "test-postgres-cleanup"));
            return new Server() {
                @Override
                public DataSource superuser(String database) {
                    return embedded.superuserDataSource(database);
                }

                @Override
                public String jdbcUrl(String database) {
                    return embedded.jdbcUrl(database);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Server external(String url) {
        return new Server() {
            @Override
            public DataSource superuser(String database) {
                PGSimpleDataSource ds = new PGSimpleDataSource();
                ds.setUrl(url);
                ds.setDatabaseName(database);
                return ds;
            }

            @Override
            public String jdbcUrl(String database) {
                PGSimpleDataSource ds = (PGSimpleDataSource) superuser(database);
                return "jdbc:postgresql://" + ds.getServerNames()[0] + ":" + ds.getPortNumbers()[0] + "/" + database
                        + tlsParameters(url);
            }
        };
    }

    /**
     * The TLS parameters of the URL (sslmode, sslrootcert, …), which clients keep: a remote server is verified
     * (docs/decisions/0014), so its URL names the CA, e.g. {@code ?sslmode=verify-full&sslrootcert=/etc/ca.pem}.
     */
    private static String tlsParameters(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return "";
        }
        String kept = java.util.Arrays.stream(url.substring(query + 1).split("&"))
                .filter(parameter -> parameter.startsWith("ssl") || parameter.startsWith("channelBinding="))
                .collect(java.util.stream.Collectors.joining("&"));
        return kept.isEmpty() ? "" : "?" + kept;
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
