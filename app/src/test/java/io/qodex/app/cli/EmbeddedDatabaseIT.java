package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.testing.Cli;
import io.qodex.persistence.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default database: zonky PostgreSQL 17 under QODEX_HOME, loopback only, SCRAM only, data kept across runs. */
class EmbeddedDatabaseIT {

    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(Map.of("QODEX_HOME", home.toString(), "QODEX_PASSWORD", "lantern-harbor-58k"));
    }

    @AfterEach
    void stop() {
        cli().run("db", "stop");
    }

    @Test
    void startStatusStopAndDataSurvivesARestart() throws Exception {
        assertThat(cli().run("db", "status").lines()).contains("mode: embedded", "running: no");

        Cli.Result start = cli().run("db", "start");
        assertThat(start.exitCode()).as(start.err()).isZero();
        Matcher url = Pattern.compile("PostgreSQL is running: (jdbc:postgresql://127\\.0\\.0\\.1:[0-9]+/qodex)")
                .matcher(start.out());
        assertThat(url.find()).as(start.out()).isTrue();

        Cli.Result status = cli().run("db", "status");
        assertThat(status.lines()).contains("url: " + url.group(1)).anyMatch(line -> line.startsWith("running: yes (pid "));

        // a second start reuses the running server
        assertThat(cli().run("db", "start").out()).contains(url.group(1));

        // sign-up in embedded mode: the relay runs in-process and writes an .eml file into the outbox
        Cli.Result signup = cli().run("signup", "--email", "sam@example.com");
        assertThat(signup.exitCode()).as(signup.err()).isZero();
        assertThat(signup.out()).contains("Local mode: the mail is in " + home.resolve("outbox"));
        String code;
        try (Stream<Path> mails = Files.list(home.resolve("outbox"))) {
            Path mail = mails.filter(p -> p.toString().endsWith(".eml")).findFirst().orElseThrow();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mail));
            assertThat(matcher.find()).isTrue();
            code = matcher.group(1);
        }

        assertThat(cli().run("db", "stop").out()).contains("Stopped the local database.");
        assertThat(cli().run("db", "status").lines()).contains("running: no");

        // the data is kept: verifying after a restart works (commands start the server when needed)
        Cli.Result verify = cli().run("verify", "--email", "sam@example.com", "--code", code);
        assertThat(verify.exitCode()).as(verify.err()).isZero();
    }

    @Test
    void listensOnLoopbackOnlyAndNeverTrustsAConnection() throws Exception {
        assertThat(cli().run("db", "start").exitCode()).isZero();
        EmbeddedServer server = EmbeddedServer.forHome(home);
        Path credentials = home.resolve("db/credentials.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("db")))).isEqualTo("rwx------");
        assertThat(Files.readString(server.dataDirectory().resolve("pg_hba.conf")))
                .contains("host    all       all   127.0.0.1/32  scram-sha-256")
                .doesNotContain("trust\n", "local ");

        String jdbc = server.jdbcUrl("postgres");
        assertThatThrownBy(() -> connect(jdbc, "postgres", null)).isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> connect(jdbc, "postgres", "guess")).isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");

        Properties passwords = new Properties();
        try (var in = Files.newInputStream(credentials)) {
            passwords.load(in);
        }
        try (Connection c = connect(jdbc, "postgres", passwords.getProperty("superuser"));
             Statement s = c.createStatement()) {
            assertThat(value(s, "show listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(value(s, "show unix_socket_directories")).isEmpty();
            assertThat(value(s, "show password_encryption")).isEqualTo("scram-sha-256");
            assertThat(value(s, "select rolpassword like 'SCRAM-SHA-256$%' from pg_authid where rolname = 'postgres'"))
                    .isEqualTo("t");
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    private static String value(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
