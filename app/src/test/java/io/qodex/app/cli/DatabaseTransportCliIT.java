package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.testing.Cli;
import io.qodex.persistence.testing.Pg15Server;
import io.qodex.persistence.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a shared PostgreSQL 15 that accepts TLS connections only (certificate for "localhost", CA made at
 * test time): {@code db init} and every login verify the server; a wrong CA or host name fails with one line; the
 * explicit opt-out connects and says so on standard error for every command that connects.
 */
class DatabaseTransportCliIT {

    private static final String PASSWORD = "harbor-lantern-58k";

    @TempDir
    static Path files;
    private static TestCertificates ca;
    private static TestCertificates rogue;
    private static Pg15Server server;
    private static String url;
    private static final Map<String, String> client = new HashMap<>();
    private static int homes;

    @BeforeAll
    static void prepareTheSharedServer() {
        ca = TestCertificates.authority(files, "qodex");
        rogue = TestCertificates.authority(files, "rogue");
        TestCertificates.ServerCertificate localhost = ca.server("DNS:localhost");
        server = Pg15Server.start(Pg15Server.Options.defaults().tls(localhost.certificate(), localhost.key()));
        url = "jdbc:postgresql://localhost:" + server.port() + "/qodex";

        // localhost is loopback, so verification is asked for explicitly (a remote host gets it by default)
        Cli admin = new Cli(Map.of("QODEX_HOME", home().toString(), "QODEX_ADMIN_PASSWORD", server.superuserPassword(),
                "QODEX_DB_TLS", "verify-full", "QODEX_DB_CA", ca.certificate().toString()));
        Cli.Result init = admin.run("db", "init", "--url", url, "--admin", "Boss@Example.com");
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.err()).doesNotContain("warning");
        assertThat(init.out()).contains("Organization admin: boss@example.com (once verified).");
        Matcher clients = Pattern.compile("QODEX_SIGNUP_USER=(\\S+) QODEX_SIGNUP_PASSWORD=(\\S+) QODEX_DB_CA=(\\S+)")
                .matcher(init.out());
        assertThat(clients.find()).as(init.out()).isTrue();
        assertThat(clients.group(3)).isEqualTo(ca.certificate().toString());
        Matcher mailer = Pattern.compile("QODEX_MAILER_PASSWORD=(\\S+)").matcher(init.out());
        assertThat(mailer.find()).isTrue();
        Matcher owner = Pattern.compile("QODEX_OWNER_PASSWORD=(\\S+)").matcher(init.out());
        assertThat(owner.find()).isTrue();
        client.put("QODEX_DB_URL", url);
        client.put("QODEX_SIGNUP_USER", clients.group(1));
        client.put("QODEX_SIGNUP_PASSWORD", clients.group(2));
        client.put("QODEX_MAILER_PASSWORD", mailer.group(1));
        client.put("QODEX_OWNER_PASSWORD", owner.group(1));
        client.put("QODEX_PASSWORD", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Path home() {
        return files.resolve("home-" + ++homes);
    }

    /** A desktop's CLI with its own QODEX_HOME and the given TLS settings (null: unset). */
    private static Cli cli(String tls, Path caFile) {
        Map<String, String> environment = new HashMap<>(client);
        environment.put("QODEX_HOME", home().toString());
        if (tls != null) {
            environment.put("QODEX_DB_TLS", tls);
        }
        if (caFile != null) {
            environment.put("QODEX_DB_CA", caFile.toString());
        }
        return new Cli(environment);
    }

    @Test
    void everyLoginVerifiesTheServer() throws IOException {
        Cli verified = cli("verify-full", ca.certificate());
        // the sign-up login, the mail relay's login (the code lands in the outbox), then the user's own login
        Cli.Result signup = verified.run("signup", "--email", "tess@example.com");
        assertThat(signup.exitCode()).as(signup.err()).isZero();
        assertThat(signup.err()).isEmpty();
        Cli.Result verify = verified.run("verify", "--email", "tess@example.com", "--code",
                codeIn(Path.of(verified.environment().get("QODEX_HOME"))));
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        Cli.Result whoami = verified.run("whoami", "--email", "tess@example.com");
        assertThat(whoami.exitCode()).as(whoami.err()).isZero();
        assertThat(whoami.err()).isEmpty();
        // the owner login of db migrate
        Cli.Result migrate = verified.run("db", "migrate");
        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.err()).isEmpty();
    }

    /** The sign-up password is public: being first to verify does not make anyone the organization's admin. */
    @Test
    void onlyTheAddressDbInitNamedBecomesTheOrganizationsAdmin() throws IOException {
        Cli desk = cli("verify-full", ca.certificate());
        Path home = Path.of(desk.environment().get("QODEX_HOME"));
        for (String email : new String[] {"early@example.com", "boss@example.com"}) {
            Cli.Result signup = desk.run("signup", "--email", email);
            assertThat(signup.exitCode()).as(signup.err()).isZero();
            Cli.Result verify = desk.run("verify", "--email", email, "--code", codeIn(home, email));
            assertThat(verify.exitCode()).as(verify.err()).isZero();
        }
        // sign-up joins no organization (decision 0030): the early bird is in none, and is told what to do
        assertThat(desk.run("whoami", "--email", "early@example.com").out()).contains("organization: none.")
                .contains("organization role: none");
        assertThat(desk.run("whoami", "--email", "boss@example.com").out()).contains("organization: default")
                .contains("organization role: admin");
    }

    @Test
    void aCertificateNotSignedByTheGivenCaIsRefusedInOneLine() {
        Cli.Result result = cli("verify-full", rogue.certificate()).run("signup", "--email", "rob@example.com");
        assertThat(result.exitCode()).isEqualTo(8);
        assertThat(result.err()).isEqualTo("qodex: The database server's certificate is not trusted: no CA Qodex trusts "
                + "signed it (the one in QODEX_DB_CA, else the CAs this Java runtime trusts).\n");
    }

    @Test
    void aCertificateForAnotherHostNameIsRefusedInOneLine() {
        Cli.Result result = cli("verify-full", ca.certificate())
                .with("QODEX_DB_URL", "jdbc:postgresql://127.0.0.1:" + server.port() + "/qodex")
                .run("signup", "--email", "rob@example.com");
        assertThat(result.exitCode()).isEqualTo(8);
        assertThat(result.err()).isEqualTo("qodex: The database server's certificate does not match the host name "
                + "127.0.0.1 (sslmode=verify-full): connect with a name the certificate was issued for.\n");
    }

    @Test
    void theOptOutConnectsAndEveryConnectingCommandWarnsOnce() throws IOException {
        String warning = "qodex: warning: the connection to localhost:" + server.port()
                + " is not encrypted or not verified (QODEX_DB_TLS=insecure)\n";
        Cli insecure = cli("insecure", null);
        Cli.Result signup = insecure.run("signup", "--email", "otto@example.com");
        assertThat(signup.exitCode()).as(signup.err()).isZero();
        assertThat(signup.err()).isEqualTo(warning);
        Cli.Result migrate = insecure.run("db", "migrate");
        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.err()).isEqualTo(warning);
        // a command that does not connect says nothing
        Cli.Result status = insecure.run("db", "status");
        assertThat(status.err()).isEmpty();

        // the same opt-out from the config file names the file
        Path home = Path.of(insecure.environment().get("QODEX_HOME"));
        Files.writeString(home.resolve("config.properties"), "db.tls=insecure\n");
        Map<String, String> environment = new HashMap<>(insecure.environment());
        environment.remove("QODEX_DB_TLS");
        Cli.Result fromFile = new Cli(environment).run("signup", "--email", "otto2@example.com");
        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(fromFile.err()).isEqualTo("qodex: warning: the connection to localhost:" + server.port()
                + " is not encrypted or not verified (db.tls=insecure in " + home.resolve("config.properties") + ")\n");
    }

    @Test
    void aUrlAskingForLessIsRefusedUnlessOptedOut() {
        Cli weak = cli("verify-full", ca.certificate()).with("QODEX_DB_URL", url + "?sslmode=require");
        Cli.Result refused = weak.run("signup", "--email", "una@example.com");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).startsWith("qodex: The database URL sets sslmode=require, which would not verify "
                + "the server's certificate and host name;").endsWith("QODEX_DB_TLS=insecure.\n");

        Cli.Result optedOut = weak.with("QODEX_DB_TLS", "insecure").run("signup", "--email", "una@example.com");
        assertThat(optedOut.exitCode()).as(optedOut.err()).isZero();
        assertThat(optedOut.err()).startsWith("qodex: warning: the connection to localhost:");
    }

    @Test
    void wrongSettingsAreRefusedInOneLine() {
        Cli.Result mode = cli("maybe", null).run("signup", "--email", "val@example.com");
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).isEqualTo("qodex: QODEX_DB_TLS (db.tls) is verify-full or insecure, not \"maybe\".\n");
        Path missing = files.resolve("no-such-ca.pem");
        Cli.Result ca = cli("verify-full", missing).run("signup", "--email", "val@example.com");
        assertThat(ca.exitCode()).isEqualTo(2);
        assertThat(ca.err()).isEqualTo("qodex: QODEX_DB_CA (db.ca-file) names " + missing + ", which is not a readable "
                + "file (the CA certificate of the database server, PEM).\n");
    }

    private static String codeIn(Path home) throws IOException {
        return codeIn(home, "");
    }

    private static String codeIn(Path home, String to) throws IOException {
        try (Stream<Path> mails = Files.list(home.resolve("outbox"))) {
            Path mail = mails.filter(p -> p.toString().endsWith(to + ".eml")).findFirst().orElseThrow();
            Matcher code = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mail));
            assertThat(code.find()).isTrue();
            return code.group(1);
        }
    }
}
