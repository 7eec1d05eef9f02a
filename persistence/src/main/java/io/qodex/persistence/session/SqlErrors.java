package io.qodex.persistence.session;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns what PostgreSQL says into domain exceptions with sentences a person can act on. Our own functions raise
 * class QX errors whose message is already such a sentence (see V2__security.sql).
 */
public final class SqlErrors {

    private static final Pattern HOST_NOT_VERIFIED = Pattern.compile("^The hostname (\\S+) could not be verified");

    private SqlErrors() {
    }

    public static QodexException translate(Throwable failure) {
        if (failure instanceof QodexException qodex) {
            return qodex;
        }
        SQLException sql = findSqlException(failure);
        if (sql == null) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof java.net.ConnectException || root instanceof java.net.UnknownHostException) {
                return QodexException.unavailable("Cannot reach the database: " + root.getMessage(), failure);
            }
            return new QodexException(Problem.UNAVAILABLE, null,
                    "The database request failed: " + firstLine(String.valueOf(failure.getMessage())), failure);
        }
        return translate(sql);
    }

    public static QodexException translate(SQLException e) {
        Optional<String> transport = transportProblem(e);
        if (transport.isPresent()) {
            return QodexException.unavailable(transport.get(), e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = serverMessage(e);
        return switch (state) {
            case "QX001", "QX002" -> new QodexException(Problem.NOT_ALLOWED, null, message, e);
            case "QX003" -> new QodexException(Problem.NOT_FOUND, null, message, e);
            case "QX004" -> new QodexException(Problem.CONFLICT, null, message, e);
            case "QX005", "QX006", "QX011" -> new QodexException(Problem.INVALID_INPUT, null, message, e);
            case "QX007" -> new QodexException(Problem.CONFLICT, null, message, e);
            case "QX008" -> new QodexException(Problem.BUDGET_EXCEEDED, null, message, e);
            case "28000" -> message.contains("pg_hba.conf")
                    ? QodexException.unavailable("The database server refuses "
                            + (message.endsWith("no encryption") ? "unencrypted connections" : "this connection")
                            + " from here: " + message + ".", e)
                    : message.contains("not permitted to log in")
                    // the server says so only after the password was right (docs/security.md, "Sign-up")
                    ? new QodexException(Problem.AUTHENTICATION, null, "This account's email address is not verified "
                            + "yet: enter the code from the verification mail, or ask for a new one.", e)
                    : new QodexException(Problem.AUTHENTICATION, null, "Wrong email or password.", e);
            case "28P01" -> new QodexException(Problem.AUTHENTICATION, null, "Wrong email or password.", e);
            case "42501" -> new QodexException(Problem.NOT_ALLOWED, null,
                    "Your role does not allow this" + (message.contains("row-level security")
                            ? " in this project." : ": " + message), e);
            case "23505" -> new QodexException(Problem.CONFLICT, null, "That already exists: " + detail(e), e);
            case "23514", "23502", "22001", "22P02", "23503" ->
                    new QodexException(Problem.INVALID_INPUT, null, "The database refused the value: " + message, e);
            case "40001", "40P01" -> new QodexException(Problem.CONFLICT, null,
                    "Someone else changed this at the same moment; try again.", e);
            case "55P03" -> new QodexException(Problem.CONFLICT, null,
                    "Someone else is changing this right now; try again in a moment.", e);
            case "3D000" -> new QodexException(Problem.UNAVAILABLE, null, "The database does not exist: " + message, e);
            case "53300" -> new QodexException(Problem.UNAVAILABLE, null, message.matches("(?s).*for role \"[^\"]*signup\".*")
                    // the shared sign-up login (sign-up, codes, a first sign-in on this computer): anyone may hold it
                    ? "The database's shared sign-up login has all its connections in use (by other clients, or by "
                            + "someone holding them): try again in a moment; if it lasts, ask the database's "
                            + "administrator to end those sessions."
                    : message.contains("for role \"") // not "reserved for roles with …": that is a full server
                    ? "Your account has too many connections open at once: close other Qodex windows or database "
                            + "sessions and try again."
                    : "The database server has no free connection (all of its max_connections are in use): try again "
                            + "in a moment; if it lasts, ask its administrator.", e);
            default -> {
                if (state.equals("08001") || state.equals("08004")) {
                    yield QodexException.unavailable("Cannot connect to the database: " + cause(e, message), e);
                }
                if (state.startsWith("08") || state.startsWith("57P")) {
                    yield QodexException.unavailable("Lost the connection to the database: " + cause(e, message), e);
                }
                yield new QodexException(Problem.UNAVAILABLE, null, "The database refused the request: " + message, e);
            }
        };
    }

    /**
     * A connection refused because of TLS (docs/decisions/0014), as one sentence naming the problem: an untrusted or
     * expired certificate, a certificate for another host name, a server without TLS, an unreadable CA file.
     */
    private static Optional<String> transportProblem(SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("PgjdbcHostnameVerifier")) { // pgjdbc's verifier names itself in every language
            Matcher host = HOST_NOT_VERIFIED.matcher(message);
            return Optional.of("The database server's certificate does not match the host name"
                    + (host.find() ? " " + host.group(1) : "")
                    + " (sslmode=verify-full): connect with a name the certificate was issued for.");
        }
        if (message.startsWith("The server does not support SSL")) {
            return Optional.of("The database server does not offer TLS, which Qodex requires for it (sslmode=verify-full): "
                    + "turn on ssl on the server, or opt out with QODEX_DB_TLS=insecure.");
        }
        if (message.startsWith("Could not open SSL root certificate file")
                || message.startsWith("Could not read SSL root certificate file")) {
            return Optional.of("The CA certificate file cannot be used (QODEX_DB_CA): " + firstLine(message));
        }
        boolean tls = false;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return Optional.of("The database server's certificate is not valid now: " + firstLine(t.getMessage()));
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
                    || (t instanceof SSLHandshakeException && String.valueOf(t.getMessage()).contains("PKIX"))) {
                return Optional.of("The database server's certificate is not trusted: no CA Qodex trusts signed it "
                        + "(the one in QODEX_DB_CA, else the CAs this Java runtime trusts).");
            }
            tls |= t instanceof SSLException;
        }
        return tls ? Optional.of("The TLS handshake with the database server failed: " + firstLine(message)) : Optional.empty();
    }

    /** The network reason behind a connection failure: unknown host, connection refused, timeout. */
    private static String cause(SQLException e, String message) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.net.UnknownHostException) {
            return "unknown host " + root.getMessage() + ".";
        }
        if (root instanceof java.net.ConnectException || root instanceof java.net.SocketTimeoutException) {
            return firstLine(String.valueOf(root.getMessage())) + " (" + firstLine(message) + ")";
        }
        return firstLine(message);
    }

    private static String serverMessage(SQLException e) {
        if (e instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return server.getMessage();
            }
        }
        return firstLine(String.valueOf(e.getMessage()));
    }

    private static String detail(SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && psql.getServerErrorMessage().getDetail() != null) {
            return psql.getServerErrorMessage().getDetail().toLowerCase(Locale.ROOT);
        }
        return serverMessage(e);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** The most telling SQLException in the chain: PostgreSQL's own error if there is one (pools wrap it). */
    static @Nullable SQLException findSqlException(Throwable failure) {
        SQLException first = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql) {
                return psql;
            }
            if (t instanceof SQLException sql && first == null) {
                first = sql;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return first;
    }
}
