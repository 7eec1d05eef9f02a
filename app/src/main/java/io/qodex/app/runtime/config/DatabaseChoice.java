package io.qodex.app.runtime.config;

import java.util.Optional;

/**
 * Which database this installation uses: the embedded one (default), or a shared server given by a JDBC URL and the
 * sign-up login's password (from {@code QODEX_DB_URL} / {@code QODEX_SIGNUP_PASSWORD} or the config file).
 */
public sealed interface DatabaseChoice {

    record Embedded() implements DatabaseChoice {
    }

    /**
     * @param signupRole the sign-up login's name ({@code QODEX_SIGNUP_USER}); when absent, the URL's {@code user}
     *                   parameter or the name databases had before role names carried the installation id
     */
    record Shared(String jdbcUrl, Optional<String> signupRole, String signupPassword, Optional<String> mailerPassword)
            implements DatabaseChoice {
        @Override
        public String toString() {
            return "Shared[" + jdbcUrl + "]";
        }
    }

    default String label() {
        return this instanceof Shared ? "shared" : "local";
    }
}
