package io.qodex.app.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Workspace;
import io.qodex.app.shell.TestHooks;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.FxFailures;
import io.qodex.app.testing.LlmWorld;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API keys page: a Member creates a key, sees it once (masked until revealed), a CI job reads an environment with
 * it, then the Member revokes it and the job is refused; a Viewer is told why there is nothing to see.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FxFailures.class)
class ApiKeysFlowIT {

    private static LlmWorld world;
    private static FxApp app;

    @BeforeAll
    static void start() throws Exception {
        world = LlmWorld.start(Map.of()).withOrganization();
        try (Workspace ada = world.signIn("ada")) {
            var plat = ada.projects().bySlug("plat");
            ada.environments().saveOrThrow(plat, EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA",
                    "https://qa.plat.test", ""));
        }
    }

    private static void openAs(String user) throws Exception {
        app = FxApp.start(world.environment, "--open", "/p/plat/api-keys");
        app.waitFor(60, "sign-in", () -> app.visible("signin-password"));
        app.type("signin-email", user + "@example.com");
        app.type("signin-password", LlmWorld.PASSWORD);
        app.click("signin-submit");
    }

    @AfterAll
    static void stop() throws Exception {
        TestHooks.saveAs(null);
        if (app != null) {
            app.stop();
        }
        world.close();
    }

    private static Cli ci(String key) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("QODEX_HOME", Files.createTempDirectory("ci-home").toString());
        environment.put("QODEX_DB_URL", world.environment.get("QODEX_DB_URL"));
        environment.put("QODEX_API_KEY", key);
        return new Cli(environment);
    }

    @Test
    @Order(1)
    void aMemberCreatesAKeySeesItOnceAndRevokesIt() throws Exception {
        openAs("max");
        app.waitFor(60, "the API keys page", () -> app.visible("api-keys-name"));
        assertThat(app.visible("api-keys-shown")).isFalse();
        app.click("api-keys-create");
        app.waitFor(10, "a name is asked for", () -> app.text("api-keys-name-error").contains("Name the key"));
        app.type("api-keys-name", "github-actions");
        app.click("api-keys-create");
        app.waitFor(30, "the new key", () -> app.visible("api-keys-shown"));
        String masked = app.text("api-keys-new-key");
        assertThat(masked).matches("qdx_[a-z2-7]{21}_•+");
        app.click("api-keys-reveal");
        String key = app.text("api-keys-new-key");
        assertThat(key).matches("qdx_[a-z2-7]{21}_[a-z2-7]{52}").startsWith(masked.substring(0, 26));
        app.waitFor(30, "the key in the table", () -> rows() == 1);

        Cli.Result read = ci(key).run("ci", "env", "QA", "--format", "dotenv");
        assertThat(read.exitCode()).as(read.err()).isZero();
        assertThat(read.lines()).contains("QODEX_BASE_URL=https://qa.plat.test");

        app.click("api-keys-done");
        app.waitFor(10, "the key is gone from the page", () -> !app.visible("api-keys-shown"));
        app.click("api-keys-revoke-github-actions");
        app.waitFor(10, "the confirmation dialog", () -> !app.robot().lookup(".dialog-pane").queryAll().isEmpty());
        app.robot().clickOn(app.robot().lookup(".dialog-pane .button").match((Node n) -> n instanceof Button b
                && "Revoke".equals(b.getText())).<Button>query());
        app.waitFor(30, "revoked", () -> app.text("api-keys-message").startsWith("Revoked \"github-actions\""));
        Cli.Result refused = ci(key).run("ci", "env", "QA");
        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.err()).startsWith("qodex: This API key was revoked");
        app.stop();
        app = null;
    }

    @Test
    @Order(2)
    void aViewerIsToldWhyThereAreNoKeys() throws Exception {
        openAs("vic");
        app.waitFor(60, "the viewer's note", () -> app.visible("api-keys-viewer"));
        assertThat(app.text("api-keys-viewer")).contains("Viewers of Platform cannot see or create API keys");
        assertThat(app.absent("api-keys-create")).isTrue();
    }

    private static int rows() {
        return app.read(() -> ((TableView<?>) app.node("api-keys-table")).getItems().size());
    }
}
