package io.qodex.persistence;

/**
 * How clients reach a Qodex database: the JDBC URL (no credentials in it) and the sign-up login's password, which
 * ships with the settings because that login can do nothing but run the sign-up functions.
 */
public record ConnectionSettings(String jdbcUrl, String signupPassword) {

    public ConnectionSettings {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
    }

    /** host:port/database, for status lines. */
    public String displayName() {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + displayName() + "]";
    }
}
