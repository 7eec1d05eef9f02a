package io.qodex.app.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.account.OrgMembership;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.common.Secret;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.util.Map;
import javafx.scene.control.ComboBox;
import org.junit.jupiter.api.Test;

/**
 * The window of someone in no organization (decision 0030): the sidebar says how to create one or accept an
 * invitation; accepting one from the sidebar and creating one with + fill the workspace switcher, and choosing a
 * workspace shows its projects only.
 */
class WorkspaceSwitcherIT {

    private static final String PASSWORD = "harbor-violet-29k";

    @Test
    void aPersonInNoOrganizationIsToldWhatToDoThenAcceptsCreatesAndSwitches() throws Exception {
        try (TestDatabase db = TestPostgres.freshDatabase()) {
            Map<String, String> environment = TestBackends.environment(db);
            try (Backend backend = TestBackends.open(environment)) {
                for (String name : new String[] {"amy", "zed"}) {
                    backend.accounts().signUp(name + "@example.com", Secret.copyOf(PASSWORD));
                    backend.accounts().verify(name + "@example.com", db.codeFromMail(name + "@example.com",
                            "Verification code"), Secret.copyOf(PASSWORD));
                }
                try (Workspace amy = backend.signIn("amy@example.com", Secret.copyOf(PASSWORD))) {
                    amy.projects().create("Shop Web", "shop-web"); // amy's (the first account's) organization
                    amy.organizations().add("zed@example.com", OrgRole.MEMBER);
                }
            }
            FxApp app = FxApp.start(environment);
            try {
                app.waitFor(60, "sign-in", () -> app.visible("signin-email"));
                app.type("signin-email", "zed@example.com");
                app.type("signin-password", PASSWORD);
                app.click("signin-submit");
                app.waitFor(60, "the main window", () -> app.visible("main-view") && app.visible("no-organization"));
                assertThat(app.text("no-organization")).startsWith("You belong to no organization yet: create one with +,"
                        + " or accept an invitation");
                assertThat(app.visible("workspace-switcher")).isFalse();
                app.waitFor(30, "amy's invitation", () -> app.visible("accept-org-default"));
                app.click("accept-org-default");
                app.waitFor(30, "the joined organization", () -> "default".equals(current(app)));
                assertThat(app.visible("no-organization")).isFalse();

                app.click("new-organization");
                app.waitFor(10, "the new organization dialog", () -> app.visible("organization-name"));
                app.type("organization-name", "Zed Labs");
                assertThat(app.text("organization-slug")).isEqualTo("zed-labs");
                app.click("create-organization-submit");
                app.waitFor(30, "the new workspace", () -> "zed-labs".equals(current(app)));
                assertThat(app.read(() -> app.<ComboBox<OrgMembership>>node("workspace-switcher").getItems().size()))
                        .isEqualTo(2);
                assertThat(app.visible("organization-page")).as("zed administers Zed Labs").isTrue();
            } finally {
                app.stop();
            }
        }
    }

    private static String current(FxApp app) {
        return app.read(() -> {
            OrgMembership value = app.<ComboBox<OrgMembership>>node("workspace-switcher").getValue();
            return value == null ? null : value.slug();
        });
    }
}
