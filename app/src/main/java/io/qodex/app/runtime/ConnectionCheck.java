package io.qodex.app.runtime;

import io.qodex.app.runtime.config.DatabaseChoice;
import io.qodex.app.runtime.config.DatabaseTls;
import io.qodex.persistence.ConnectionSettings;
import io.qodex.persistence.session.SignupDirectory;

/** The first-run page's "Test connection": signs in as the sign-up login with the settings as typed. */
public final class ConnectionCheck {

    private ConnectionCheck() {
    }

    /** The sentence to show: the server's version, and the transport warning if there is one. */
    public static String check(DatabaseChoice.Shared shared, DatabaseTls tls) {
        String url = shared.jdbcUrl();
        String version = new SignupDirectory(ConnectionSettings.fromUser(url, shared.signupRole(),
                shared.signupPassword()).withTransport(tls.forUrl(url))).serverVersion();
        return "Connected: PostgreSQL " + version + "." + tls.warning(url).map(warning -> " Warning: " + warning + ".")
                .orElse("");
    }

    /** The sign-up login the settings name (the URL's {@code user} parameter, or the older shared name). */
    public static String signupRole(DatabaseChoice.Shared shared) {
        return ConnectionSettings.fromUser(shared.jdbcUrl(), shared.signupRole(), "").signupRole();
    }
}
