package io.qodex.persistence.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.persistence.TransportSecurity;
import io.qodex.persistence.testing.Pg15Server;
import io.qodex.persistence.testing.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Transport security against real PostgreSQL 15 servers that accept TLS only, with certificates made at test time:
 * verify-full connects (encrypted) with the right CA and refuses a wrong host or an untrusted CA with one clear
 * sentence; the server refuses plain connections; the explicit opt-out still connects.
 */
class TlsConnectionIT {

    @TempDir
    static Path certificates;
    private static TestCertificates ca;
    private static TestCertificates rogue;
    private static Pg15Server localhost;
    private static Pg15Server elsewhere;
    private static Pg15Server plain;

    @BeforeAll
    static void start() {
        ca = TestCertificates.authority(certificates, "qodex");
        rogue = TestCertificates.authority(certificates, "rogue");
        TestCertificates.ServerCertificate forLocalhost = ca.server("DNS:localhost", "IP:127.0.0.1");
        TestCertificates.ServerCertificate forAnotherHost = ca.server("DNS:db.example.com");
        localhost = Pg15Server.start(Pg15Server.Options.defaults().tls(forLocalhost.certificate(), forLocalhost.key()));
        elsewhere = Pg15Server.start(Pg15Server.Options.defaults().tls(forAnotherHost.certificate(), forAnotherHost.key()));
        plain = Pg15Server.start();
    }

    @AfterAll
    static void stop() {
        localhost.close();
        elsewhere.close();
        plain.close();
    }

    private static String url(Pg15Server server, String host, String parameters) {
        return "jdbc:postgresql://" + host + ":" + server.port() + "/postgres" + parameters;
    }

    private static DataSource superuser(Pg15Server server, String url, TransportSecurity transport) {
        return DataSources.simple(url, transport, "postgres", server.superuserPassword());
    }

    private static TransportSecurity trusting(TestCertificates authority) {
        return TransportSecurity.verifyFull(Optional.of(authority.certificate()));
    }

    @Test
    void verifyFullWithTheRightCaConnectsEncrypted() throws SQLException {
        PGSimpleDataSource ds = DataSources.simple(url(localhost, "localhost", ""), trusting(ca), "postgres",
                localhost.superuserPassword());
        assertThat(ds.getSslMode()).isEqualTo("verify-full");
        assertThat(ds.getChannelBinding()).isEqualTo("prefer");
        assertThat(sessionIsEncrypted(ds)).isTrue();
        // by IP address too: the certificate names 127.0.0.1
        assertThat(sessionIsEncrypted(superuser(localhost, url(localhost, "127.0.0.1", ""), trusting(ca)))).isTrue();
    }

    @Test
    void theServerBindsTheLoginToTheChannelWhenTheUrlRequiresIt() throws SQLException {
        PGSimpleDataSource ds = DataSources.simple(url(localhost, "localhost", "?channelBinding=require"), trusting(ca),
                "postgres", localhost.superuserPassword());
        assertThat(ds.getChannelBinding()).isEqualTo("require");
        assertThat(sessionIsEncrypted(ds)).isTrue();
    }

    @Test
    void aCertificateForAnotherHostIsRefusedWithTheHostNameMessage() {
        DataSource ds = superuser(elsewhere, url(elsewhere, "localhost", ""), trusting(ca));
        assertThat(failure(ds)).isEqualTo("The database server's certificate does not match the host name localhost "
                + "(sslmode=verify-full): connect with a name the certificate was issued for.");
    }

    @Test
    void anUntrustedCaIsRefusedWithTheTrustMessage() {
        String untrusted = "The database server's certificate is not trusted: no CA Qodex trusts signed it (the one "
                + "in QODEX_DB_CA, else the CAs this Java runtime trusts).";
        assertThat(failure(superuser(localhost, url(localhost, "localhost", ""), trusting(rogue)))).isEqualTo(untrusted);
        // without a CA file the JVM's trusted CAs decide, and they do not know the test CA
        assertThat(failure(superuser(localhost, url(localhost, "localhost", ""),
                TransportSecurity.verifyFull(Optional.empty())))).isEqualTo(untrusted);
    }

    @Test
    void withoutACaFileTheJvmsTrustedCasDecideAndTheHostNameIsStillChecked() throws Exception {
        SSLContext before = SSLContext.getDefault();
        SSLContext.setDefault(contextTrusting(ca.certificate()));
        try {
            TransportSecurity systemCas = TransportSecurity.verifyFull(Optional.empty());
            PGSimpleDataSource ds = DataSources.simple(url(localhost, "localhost", ""), systemCas, "postgres",
                    localhost.superuserPassword());
            assertThat(ds.getSslfactory()).isEqualTo("org.postgresql.ssl.DefaultJavaSSLFactory");
            assertThat(sessionIsEncrypted(ds)).isTrue();
            assertThat(failure(superuser(elsewhere, url(elsewhere, "localhost", ""), systemCas)))
                    .startsWith("The database server's certificate does not match the host name localhost");
        } finally {
            SSLContext.setDefault(before);
        }
    }

    @Test
    void theServerRefusesAConnectionWithoutTls() {
        DataSource ds = superuser(localhost, url(localhost, "127.0.0.1", "?sslmode=disable"), TransportSecurity.insecure());
        assertThat(failure(ds)).isEqualTo("The database server refuses unencrypted connections from here: no "
                + "pg_hba.conf entry for host \"127.0.0.1\", user \"postgres\", database \"postgres\", no encryption.");
    }

    @Test
    void aServerWithoutTlsIsRefusedUnderVerifyFull() {
        assertThat(failure(superuser(plain, url(plain, "localhost", ""), trusting(ca))))
                .startsWith("The database server does not offer TLS, which Qodex requires");
    }

    @Test
    void theExplicitOptOutConnectsWithoutVerifying() throws SQLException {
        TransportSecurity insecure = TransportSecurity.insecure();
        assertThat(insecure.optedOut()).isTrue();
        // the certificate is for db.example.com and signed by a CA nobody was told about: accepted all the same
        assertThat(sessionIsEncrypted(superuser(elsewhere, url(elsewhere, "localhost", ""), insecure))).isTrue();
        assertThat(sessionIsEncrypted(superuser(elsewhere, url(elsewhere, "localhost", "?sslmode=require"), insecure)))
                .isTrue();
    }

    @Test
    void aUrlAskingForLessThanVerifyFullIsRefusedBeforeConnecting() {
        for (String weaker : new String[] {"?sslmode=require", "?sslmode=verify-ca", "?ssl=false",
                "?sslfactory=org.postgresql.ssl.NonValidatingFactory"}) {
            assertThatThrownBy(() -> superuser(localhost, url(localhost, "localhost", weaker), trusting(ca)))
                    .isInstanceOf(QodexException.class)
                    .hasMessageStartingWith("The database URL sets " + weaker.substring(1) + ", which would not verify")
                    .hasMessageContaining("QODEX_DB_TLS=insecure");
        }
    }

    /** A default SSL context that trusts the given CA, as if it were in the JVM's trust store. */
    private static SSLContext contextTrusting(Path caCertificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caCertificate)) {
            store.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static boolean sessionIsEncrypted(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static String failure(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            throw new AssertionError("connected: " + c);
        } catch (SQLException e) {
            QodexException translated = SqlErrors.translate(e);
            assertThat(translated.problem()).isEqualTo(Problem.UNAVAILABLE);
            return translated.getMessage();
        }
    }
}
