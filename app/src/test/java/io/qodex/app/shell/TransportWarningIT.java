package io.qodex.app.shell;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.Styles;
import io.qodex.app.runtime.Backend;
import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.FxFailures;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.util.Map;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** While the user opts out of a verified database connection (QODEX_DB_TLS=insecure) the window says so. */
@ExtendWith(FxFailures.class)
class TransportWarningIT {

    private static final String PASSWORD = "copper-lantern-81v";
    private static TestDatabase db;
    private static FxApp app;

    @BeforeAll
    static void start() throws Exception {
        db = TestPostgres.freshDatabase();
        Map<String, String> environment = TestBackends.environment(db);
        environment.put("QODEX_DB_TLS", "insecure");
        try (Backend backend = TestBackends.open(environment); Secret password = Secret.copyOf(PASSWORD)) {
            backend.accounts().signUp("ida@example.com", password);
            backend.accounts().verify("ida@example.com", db.codeFromMail("ida@example.com", "Verification code"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
        }
        app = FxApp.start(environment);
        app.waitFor(60, "the sign-in screen", () -> app.visible("signin-email"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.stop();
        db.close();
    }

    @Test
    void theSignInScreenAndTheStatusBarShowTheWarning() throws Exception {
        String warning = "the connection to " + db.jdbcUrl().replaceAll("^jdbc:postgresql://([^/]+)/.*$", "$1")
                + " is not encrypted or not verified (QODEX_DB_TLS=insecure)";
        assertThat(app.visible("account-transport-warning")).isTrue();
        assertThat(app.text("account-transport-warning")).isEqualTo("Warning: " + warning + ".");

        app.type("signin-email", "ida@example.com");
        app.type("signin-password", PASSWORD);
        app.click("signin-submit");
        app.waitFor(60, "the main window", () -> app.visible("main-view"));
        assertThat(app.visible("status-transport-warning")).isTrue();
        assertThat(app.text("status-transport-warning")).isEqualTo("connection not verified");
        Label status = app.node("status-transport-warning");
        assertThat(app.onFx(() -> status.getStyleClass())).contains(Styles.WARNING, "transport-warning");
        assertThat(app.onFx(() -> status.getTooltip().getText())).startsWith("T" + warning.substring(1) + ". ");
    }
}
