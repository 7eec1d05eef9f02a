package io.qodex.persistence;

import io.qodex.domain.common.QodexException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.ds.common.BaseDataSource;
import org.postgresql.ssl.DefaultJavaSSLFactory;
import org.postgresql.ssl.LibPQFactory;

/**
 * How a client protects its connection to the database server (docs/decisions/0014): TLS with the server's
 * certificate and host name verified, unless every host of the URL is this machine (loopback) or the user opted out.
 *
 * @param caFile the CA certificate (PEM) the server's certificate must chain to; empty: the JVM's trusted CAs (or the
 *               URL's {@code sslrootcert}). Only meaningful for {@link Mode#VERIFY_FULL}.
 */
public record TransportSecurity(Mode mode, Optional<Path> caFile) {

    /** The three ways to connect. */
    public enum Mode {
        /** TLS required, the certificate must be trusted and name the host ({@code sslmode=verify-full}). */
        VERIFY_FULL,
        /** Every host of the URL is this machine (127.0.0.0/8, ::1, localhost): no TLS required. */
        LOOPBACK,
        /** The explicit opt-out: the URL's own settings (pgjdbc's default: TLS if offered, unverified). Warned about. */
        INSECURE
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public TransportSecurity {
        if (mode != Mode.VERIFY_FULL) {
            caFile = Optional.empty();
        }
    }

    public static TransportSecurity verifyFull(Optional<Path> caFile) {
        return new TransportSecurity(Mode.VERIFY_FULL, caFile);
    }

    public static TransportSecurity insecure() {
        return new TransportSecurity(Mode.INSECURE, Optional.empty());
    }

    /** The default for a URL: {@link Mode#VERIFY_FULL} unless every host of it is loopback. */
    public static TransportSecurity defaultFor(String jdbcUrl) {
        return decide(jdbcUrl, Optional.empty(), Optional.empty());
    }

    /**
     * The transport security for a URL.
     *
     * @param requested the configured mode ({@link Mode#VERIFY_FULL} also on loopback, or {@link Mode#INSECURE});
     *                  empty: the default for the URL's hosts
     * @param caFile    the CA certificate to trust instead of the JVM's trusted CAs
     */
    public static TransportSecurity decide(String jdbcUrl, Optional<Mode> requested, Optional<Path> caFile) {
        Mode mode = requested.orElseGet(() -> onLoopback(jdbcUrl) ? Mode.LOOPBACK : Mode.VERIFY_FULL);
        if (mode == Mode.LOOPBACK && !onLoopback(jdbcUrl)) {
            throw new IllegalArgumentException("Not a loopback URL: " + jdbcUrl);
        }
        return new TransportSecurity(mode, caFile);
    }

    /** True if every host the URL names is this machine: 127.0.0.0/8, ::1, localhost (or none: pgjdbc's localhost). */
    public static boolean onLoopback(String jdbcUrl) {
        String hosts = parse(jdbcUrl).getProperty("PGHOST", "");
        return Arrays.stream(hosts.split(",", -1)).allMatch(TransportSecurity::isLoopback);
    }

    static boolean isLoopback(String host) {
        String name = host.strip();
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("localhost") || lower.equals("localhost.")) {
            return true;
        }
        if (IPV4.matcher(lower).matches()) {
            return lower.startsWith("127.") && Arrays.stream(lower.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        }
        if (lower.contains(":")) {
            try {
                return InetAddress.getByName(lower).isLoopbackAddress(); // an IPv6 literal: no name lookup
            } catch (UnknownHostException notAnAddress) {
                return false;
            }
        }
        return false;
    }

    /** The URL's properties as pgjdbc reads them (host, port, database and the query parameters). */
    static Properties parse(String jdbcUrl) {
        Properties properties = jdbcUrl.startsWith("jdbc:postgresql://") ? Driver.parseURL(jdbcUrl, null) : null;
        if (properties == null) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return properties;
    }

    /**
     * Applies this to a data source whose URL is set. {@link Mode#VERIFY_FULL}:
     * {@code sslmode=verify-full} (TLS required, certificate chained to the CA file, else to the JVM's trusted CAs,
     * and the host name checked by pgjdbc's verifier), channel binding preferred (required if the URL asks for it).
     * The other modes leave the URL's settings alone.
     *
     * @throws QodexException if the URL asks for less (a weaker {@code sslmode}, {@code ssl=false}, another SSL
     *                        factory or host name verifier): the opt-out is explicit (docs/decisions/0014)
     */
    public void applyTo(BaseDataSource ds) {
        if (mode != Mode.VERIFY_FULL) {
            return;
        }
        weakening(ds).ifPresent(parameter -> {
            throw QodexException.invalid("The database URL sets " + parameter + ", which would not verify the "
                    + "server's certificate and host name; Qodex connects to this server with sslmode=verify-full. "
                    + "Remove it from the URL (and name the server's CA with QODEX_DB_CA if it is not publicly "
                    + "trusted), or opt out explicitly with QODEX_DB_TLS=insecure.");
        });
        Optional<String> ca = caFile.map(Object::toString).or(() -> Optional.ofNullable(ds.getSslRootCert()));
        ds.setSslMode("verify-full");
        if (ca.isPresent()) {
            ds.setSslfactory(LibPQFactory.class.getName());
            ds.setSslRootCert(ca.get());
        } else {
            ds.setSslfactory(DefaultJavaSSLFactory.class.getName());
        }
        ds.setSslHostnameVerifier(null);
        ds.setChannelBinding("require".equalsIgnoreCase(ds.getChannelBinding()) ? "require" : "prefer");
    }

    /** The URL parameter that asks for less than verify-full, if any. */
    private static Optional<String> weakening(BaseDataSource ds) {
        String sslmode = ds.getSslMode();
        if (sslmode != null && !sslmode.equalsIgnoreCase("verify-full")) {
            return Optional.of("sslmode=" + sslmode);
        }
        String ssl = ds.getProperty(PGProperty.SSL);
        if (sslmode == null && ssl != null && ssl.toLowerCase(Locale.ROOT).equals("false")) {
            return Optional.of("ssl=false");
        }
        String factory = ds.getSslfactory();
        if (factory != null && !factory.equals(LibPQFactory.class.getName())
                && !factory.equals(DefaultJavaSSLFactory.class.getName())) {
            return Optional.of("sslfactory=" + factory);
        }
        if (ds.getSslHostnameVerifier() != null) {
            return Optional.of("sslhostnameverifier=" + ds.getSslHostnameVerifier());
        }
        return Optional.empty();
    }

    /** True for the explicit opt-out, which the window and the CLI show as a warning. */
    public boolean optedOut() {
        return mode == Mode.INSECURE;
    }

    @Override
    public String toString() {
        return "TransportSecurity[" + mode + caFile.map(ca -> ", CA " + ca).orElse("") + "]";
    }
}
