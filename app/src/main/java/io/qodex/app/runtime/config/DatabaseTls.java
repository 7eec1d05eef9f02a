package io.qodex.app.runtime.config;

import io.qodex.domain.common.QodexException;
import io.qodex.persistence.ConnectionSettings;
import io.qodex.persistence.TransportSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How the connection to a shared server is protected (docs/decisions/0014): {@code QODEX_DB_TLS} / {@code db.tls}
 * ({@code verify-full}, or {@code insecure} to opt out; unset: verify-full unless the server is loopback) and
 * {@code QODEX_DB_CA} / {@code db.ca-file} (the CA certificate to trust instead of the JVM's trusted CAs).
 *
 * @param optOut where the opt-out was set, for the warning ({@code QODEX_DB_TLS=insecure})
 */
public record DatabaseTls(Optional<TransportSecurity.Mode> requested, Optional<Path> caFile, String optOut) {

    /** Parses the settings; a wrong mode or a CA file that cannot be read is refused with a sentence. */
    static DatabaseTls parse(Optional<String> mode, Optional<String> caFile, String source) {
        Optional<TransportSecurity.Mode> requested = mode.map(value -> switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "verify-full" -> TransportSecurity.Mode.VERIFY_FULL;
            case "insecure" -> TransportSecurity.Mode.INSECURE;
            default -> throw QodexException.invalid("QODEX_DB_TLS (db.tls) is verify-full or insecure, not \""
                    + value.strip() + "\".");
        });
        Optional<Path> ca = caFile.map(file -> Path.of(file.strip()).toAbsolutePath());
        if (ca.isPresent() && !(Files.isRegularFile(ca.get()) && Files.isReadable(ca.get()))) {
            throw QodexException.invalid("QODEX_DB_CA (db.ca-file) names " + ca.get() + ", which is not a readable "
                    + "file (the CA certificate of the database server, PEM).");
        }
        return new DatabaseTls(requested, ca, source);
    }

    public TransportSecurity forUrl(String jdbcUrl) {
        return TransportSecurity.decide(jdbcUrl, requested, caFile);
    }

    /** Whether the connections to this URL are not verified (the opt-out applies to it). */
    public boolean optedOut(String jdbcUrl) {
        return forUrl(jdbcUrl).optedOut();
    }

    /**
     * The warning the window and the CLI show while the opt-out is active, e.g. "the connection to
     * db.example.com:5432 is not encrypted or not verified (QODEX_DB_TLS=insecure)".
     */
    public Optional<String> warning(String jdbcUrl) {
        if (!forUrl(jdbcUrl).optedOut()) {
            return Optional.empty();
        }
        return Optional.of("the connection to " + ConnectionSettings.serverAddress(jdbcUrl)
                + " is not encrypted or not verified (" + optOut + ")");
    }
}
