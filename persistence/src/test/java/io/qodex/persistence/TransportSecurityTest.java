package io.qodex.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import io.qodex.persistence.TransportSecurity.Mode;
import io.qodex.persistence.session.DataSources;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Which transport security a URL gets, and what that does to pgjdbc's settings (no server needed). */
class TransportSecurityTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:postgresql://127.0.0.1:5432/qodex                    | LOOPBACK
            jdbc:postgresql://127.8.9.10/qodex                        | LOOPBACK
            jdbc:postgresql://localhost:5432/qodex                    | LOOPBACK
            jdbc:postgresql://LOCALHOST/qodex                         | LOOPBACK
            jdbc:postgresql://[::1]:5432/qodex                        | LOOPBACK
            jdbc:postgresql:///qodex                                  | LOOPBACK
            jdbc:postgresql://127.0.0.1:5432,localhost:5433/qodex     | LOOPBACK
            jdbc:postgresql://db.example.com:5432/qodex               | VERIFY_FULL
            jdbc:postgresql://10.0.0.5/qodex                          | VERIFY_FULL
            jdbc:postgresql://128.0.0.1/qodex                         | VERIFY_FULL
            jdbc:postgresql://127.0.0.1.nip.io/qodex                  | VERIFY_FULL
            jdbc:postgresql://localhost.example.com/qodex             | VERIFY_FULL
            jdbc:postgresql://[2001:db8::1]:5432/qodex                | VERIFY_FULL
            jdbc:postgresql://127.0.0.1:5432,db.example.com:5432/qodex | VERIFY_FULL
            jdbc:postgresql://db.example.com/qodex?sslmode=disable    | VERIFY_FULL
            """)
    void theDefaultIsVerifyFullUnlessEveryHostIsLoopback(String url, Mode expected) {
        assertThat(TransportSecurity.defaultFor(url).mode()).isEqualTo(expected);
        assertThat(new ConnectionSettings(url, "qx_abcdef_signup", "pw").transport().mode()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} on {0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:postgresql://127.0.0.1/qodex      | VERIFY_FULL | VERIFY_FULL
            jdbc:postgresql://127.0.0.1/qodex      | INSECURE    | INSECURE
            jdbc:postgresql://db.example.com/qodex | INSECURE    | INSECURE
            jdbc:postgresql://db.example.com/qodex | VERIFY_FULL | VERIFY_FULL
            """)
    void aConfiguredModeWins(String url, Mode requested, Mode expected) {
        TransportSecurity chosen = TransportSecurity.decide(url, Optional.of(requested), Optional.of(Path.of("/ca.pem")));
        assertThat(chosen.mode()).isEqualTo(expected);
        assertThat(chosen.optedOut()).isEqualTo(expected == Mode.INSECURE);
        assertThat(chosen.caFile()).isEqualTo(expected == Mode.VERIFY_FULL ? Optional.of(Path.of("/ca.pem")) : Optional.empty());
    }

    @Test
    void verifyFullSetsPgjdbcsTlsPropertiesWithTheCaFileOrTheJvmsTrustedCas() {
        PGSimpleDataSource withCa = DataSources.simple("jdbc:postgresql://db.example.com/qodex",
                TransportSecurity.verifyFull(Optional.of(Path.of("/etc/qodex/ca.pem"))), "u", "p");
        assertThat(withCa.getSslMode()).isEqualTo("verify-full");
        assertThat(withCa.getSslfactory()).isEqualTo("org.postgresql.ssl.LibPQFactory");
        assertThat(withCa.getSslRootCert()).isEqualTo("/etc/qodex/ca.pem");
        assertThat(withCa.getSslHostnameVerifier()).isNull();
        assertThat(withCa.getChannelBinding()).isEqualTo("prefer");

        PGSimpleDataSource systemCas = DataSources.simple("jdbc:postgresql://db.example.com/qodex", "u", "p");
        assertThat(systemCas.getSslMode()).isEqualTo("verify-full");
        assertThat(systemCas.getSslfactory()).isEqualTo("org.postgresql.ssl.DefaultJavaSSLFactory");
        assertThat(systemCas.getSslRootCert()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ?sslmode=verify-full                         | DefaultJavaSSLFactory | | prefer
            ?ssl=true                                    | DefaultJavaSSLFactory | | prefer
            ?sslrootcert=/srv/ca.pem                     | LibPQFactory         | /srv/ca.pem | prefer
            ?sslmode=verify-full&channelBinding=require  | DefaultJavaSSLFactory | | require
            ?channelBinding=disable                      | DefaultJavaSSLFactory | | prefer
            """)
    void urlParametersThatAskForAsMuchOrMoreAreKept(String parameters, String factory, String rootCert, String binding) {
        PGSimpleDataSource ds = DataSources.simple("jdbc:postgresql://db.example.com/qodex" + parameters, "u", "p");
        assertThat(ds.getSslMode()).isEqualTo("verify-full");
        assertThat(ds.getSslfactory()).isEqualTo("org.postgresql.ssl." + factory);
        assertThat(ds.getSslRootCert()).isEqualTo(rootCert);
        assertThat(ds.getChannelBinding()).isEqualTo(binding);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            sslmode=disable
            sslmode=allow
            sslmode=prefer
            sslmode=require
            sslmode=verify-ca
            ssl=false
            sslfactory=org.postgresql.ssl.NonValidatingFactory
            sslhostnameverifier=com.example.TrustEveryone
            """)
    void aWeakerUrlParameterIsRefusedUnlessTheUserOptedOut(String parameter) {
        String url = "jdbc:postgresql://db.example.com/qodex?" + parameter;
        assertThatThrownBy(() -> DataSources.simple(url, "u", "p"))
                .isInstanceOf(QodexException.class)
                .hasMessage("The database URL sets " + parameter + ", which would not verify the server's certificate "
                        + "and host name; Qodex connects to this server with sslmode=verify-full. Remove it from the "
                        + "URL (and name the server's CA with QODEX_DB_CA if it is not publicly trusted), or opt out "
                        + "explicitly with QODEX_DB_TLS=insecure.");
        // the opt-out takes the URL as it is
        PGSimpleDataSource optedOut = DataSources.simple(url, TransportSecurity.insecure(), "u", "p");
        assertThat(optedOut.getSslMode()).isEqualTo(parameter.startsWith("sslmode=") ? parameter.substring(8) : null);
    }

    @Test
    void loopbackLeavesTheUrlAlone() {
        PGSimpleDataSource ds = DataSources.simple("jdbc:postgresql://127.0.0.1:5432/qodex?sslmode=disable", "u", "p");
        assertThat(ds.getSslMode()).isEqualTo("disable");
        assertThat(DataSources.simple("jdbc:postgresql://127.0.0.1:5432/qodex", "u", "p").getSslMode()).isNull();
    }

    @Test
    void settingsNameTheServerForWarningsAndKeepTheChosenTransport() {
        ConnectionSettings settings = new ConnectionSettings("jdbc:postgresql://db.example.com:5432/qodex?ssl=true",
                "qx_abcdef_signup", "pw");
        assertThat(ConnectionSettings.serverAddress(settings.jdbcUrl())).isEqualTo("db.example.com:5432");
        assertThat(ConnectionSettings.serverAddress("jdbc:postgresql://db.example.com?ssl=true")).isEqualTo("db.example.com");
        assertThat(settings.withTransport(TransportSecurity.insecure()).transport().optedOut()).isTrue();
        assertThatThrownBy(() -> new ConnectionSettings("jdbc:mysql://db/qodex", "r", "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Not a PostgreSQL JDBC URL: jdbc:mysql://db/qodex");
    }
}
