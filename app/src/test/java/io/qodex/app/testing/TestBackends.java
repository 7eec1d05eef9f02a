package io.qodex.app.testing;

import io.qodex.app.runtime.config.AppConfig;
import io.qodex.app.runtime.config.QodexHome;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A backend on a test database, configured the way a desktop on a shared server is (environment variables). */
public final class TestBackends {

    private TestBackends() {
    }

    /** Environment for a client of the test database, with its own QODEX_HOME; mail goes to the local outbox. */
    public static Map<String, String> environment(TestDatabase db) {
        try {
            Path home = Files.createTempDirectory("qodex-home");
            Map<String, String> environment = new HashMap<>();
            environment.put("QODEX_HOME", home.toString());
            environment.put("QODEX_DB_URL", db.jdbcUrl());
            environment.put("QODEX_SIGNUP_USER", TestPostgres.INSTALLATION.signupRole());
            environment.put("QODEX_SIGNUP_PASSWORD", TestPostgres.CREDENTIALS.signupPassword());
            environment.put("QODEX_MAILER_PASSWORD", TestPostgres.CREDENTIALS.mailerPassword());
            return environment;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The signed-in user's own database login, as psql would use it: their role and the password derived from their
     * account password (docs/security.md, "Passwords").
     */
    public static javax.sql.DataSource userLogin(TestDatabase db, Backend backend, Workspace workspace, String password) {
        try (io.qodex.domain.common.Secret login = backend.accounts().databasePassword(
                workspace.account().email().value(), io.qodex.domain.common.Secret.copyOf(password))) {
            return db.as(workspace.account().roleName(), login.reveal());
        }
    }

    public static Backend open(Map<String, String> environment) {
        QodexHome home = QodexHome.resolve(environment);
        return Backend.open(AppConfig.load(home, environment), step -> { });
    }

    public static Backend open(TestDatabase db) {
        return open(environment(db));
    }

    /** Signs the address up, relays the mail and verifies the account with the mailed code. */
    public static void verifiedAccount(Backend backend, Map<String, String> environment, String email,
                                       String password) {
        backend.accounts().signUp(email, io.qodex.domain.common.Secret.copyOf(password));
        backend.relayMail();
        try {
            String code = new io.qodex.app.adapters.mail.LocalOutbox(Path.of(environment.get("QODEX_HOME"), "outbox"))
                    .newestCode(email).orElseThrow();
            backend.accounts().verify(email, code, io.qodex.domain.common.Secret.copyOf(password));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
