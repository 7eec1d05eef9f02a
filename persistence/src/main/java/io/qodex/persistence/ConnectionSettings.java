package io.qodex.persistence;

import io.qodex.persistence.server.Installation;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How clients reach a Qodex database: the JDBC URL (no credentials in it), the sign-up login's name and its password,
 * which ship with the settings because that login can do nothing but run the account functions, and the transport
 * security every login's connection gets ({@link TransportSecurity}).
 */
public record ConnectionSettings(String jdbcUrl, String signupRole, String signupPassword, TransportSecurity transport) {

    /** The sign-up login of databases prepared before role names carried the installation id. */
    public static final String LEGACY_SIGNUP_ROLE = "qodex_signup";
    private static final Pattern USER_PARAMETER = Pattern.compile("[?&]user=([^&]+)");
    private static final Pattern SIGNUP_ROLE = Pattern.compile("^qx_([a-z2-7]{6})_signup$");

    public ConnectionSettings {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
    }

    /** Settings with the default transport security for the URL (verify-full unless the server is loopback). */
    public ConnectionSettings(String jdbcUrl, String signupRole, String signupPassword) {
        this(jdbcUrl, signupRole, signupPassword, TransportSecurity.defaultFor(jdbcUrl));
    }

    /** The same settings with another transport security (the configured one). */
    public ConnectionSettings withTransport(TransportSecurity chosen) {
        return new ConnectionSettings(jdbcUrl, signupRole, signupPassword, chosen);
    }

    public static ConnectionSettings of(String jdbcUrl, Installation installation, String signupPassword) {
        return new ConnectionSettings(jdbcUrl, installation.signupRole(), signupPassword);
    }

    /**
     * Settings as a user gives them: the sign-up login is {@code signupRole} if given, else the URL's {@code user}
     * parameter, else the legacy name.
     */
    public static ConnectionSettings fromUser(String jdbcUrl, Optional<String> signupRole, String signupPassword) {
        String role = signupRole.filter(r -> !r.isBlank()).orElseGet(() -> {
            Matcher m = USER_PARAMETER.matcher(jdbcUrl);
            return m.find() ? m.group(1) : LEGACY_SIGNUP_ROLE;
        });
        return new ConnectionSettings(jdbcUrl, role, signupPassword);
    }

    /** The installation whose sign-up login this is (empty for the legacy name). */
    public Optional<Installation> installation() {
        Matcher m = SIGNUP_ROLE.matcher(signupRole);
        return m.matches() ? Optional.of(new Installation(m.group(1))) : Optional.empty();
    }

    /** The mail relay's login of the same installation. */
    public String mailerRole() {
        return installation().map(Installation::mailerRole).orElse("qodex_mailer");
    }

    /** host:port/database, for status lines. */
    public String displayName() {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    /** host:port (as the URL gives them), for warnings about the connection. */
    public static String serverAddress(String jdbcUrl) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        int end = rest.length();
        for (char separator : new char[] {'/', '?'}) {
            int at = rest.indexOf(separator);
            end = at < 0 ? end : Math.min(end, at);
        }
        return rest.substring(0, end);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + displayName() + "]";
    }
}
