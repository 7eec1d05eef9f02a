package io.qodex.app.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.LocalDatabase;
import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.FxFailures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Someone trying Qodex alone, on this computer's own database: the sign-in card shows where the mail goes (a path
 * that can be copied, since not every desktop can open a folder), and the verification code is filled in from the
 * local outbox; after a restart the window goes straight to sign-in.
 */
@ExtendWith(FxFailures.class)
class LocalModeFlowIT {

    private static final String PASSWORD = "meadow-lantern-93v";

    @Test
    void aNewcomerSignsUpWithTheCodeFilledInFromTheLocalOutbox() throws Exception {
        Path home = Files.createTempDirectory("qodex-local-mode");
        try {
            FxApp app = FxApp.start(Map.of("QODEX_HOME", home.toString()));
            try {
                app.waitFor(30, "the first-run choice", () -> app.visible("first-run-continue"));
                app.click("first-run-continue"); // this computer is the default
                app.waitFor(180, "the sign-in card", () -> app.visible("signin-email"));
                assertThat(app.text("outbox-path")).isEqualTo(home.resolve("outbox").toString());
                app.click("goto-signup");
                app.type("signup-email", "lia@example.com");
                app.type("signup-password", PASSWORD);
                app.type("signup-confirmation", PASSWORD);
                app.click("signup-submit");
                app.waitFor(60, "the verification card", () -> app.visible("verify-code"));
                app.click("verify-fill-code");
                app.waitFor(30, "the code filled in", () -> app.text("verify-code")
                        .matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"));
                assertThat(app.text("verify-fill-code-result")).isEqualTo("Filled in the newest code mailed to "
                        + "lia@example.com.");
                app.click("verify-submit");
                app.waitFor(60, "the main window", () -> app.visible("main-view"));
            } finally {
                app.stop();
            }
            FxApp again = FxApp.start(Map.of("QODEX_HOME", home.toString()));
            try {
                again.waitFor(120, "sign-in at once (the database exists)", () -> again.visible("signin-password"));
                assertThat(again.absent("first-run-continue")).isTrue();
                assertThat(again.text("signin-email")).isEqualTo("lia@example.com");
            } finally {
                again.stop();
            }
        } finally {
            new LocalDatabase(home).stop();
        }
    }
}
