package io.qodex.app.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Workspace;
import io.qodex.app.runtime.config.AppState;
import io.qodex.app.runtime.config.QodexHome;
import io.qodex.app.testing.FxFailures;
import io.qodex.app.testing.LlmWorld;
import io.qodex.domain.account.OrgMembership;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.organization.OrgMember;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's organization parts against a real PostgreSQL (decision 0030): the members tab of the organization page
 * (invite, role changes, the last admin kept, refusals shown) and the workspace switcher (the current organization,
 * creating one, switching, remembered per account in QODEX_HOME). The toolkit is needed because results come back on
 * the FX thread.
 */
@ExtendWith(FxFailures.class)
class OrganizationPageIT {

    private static LlmWorld world;
    private static Workspace ada;
    private static Workspace max;
    private static AppState state;

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        world = LlmWorld.start(Map.of()).withOrganization();
        ada = world.signIn("ada");
        max = world.signIn("max");
        state = new AppState(QodexHome.resolve(world.environment));
    }

    @AfterAll
    static void stop() throws Exception {
        ada.close();
        max.close();
        world.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void adminsInviteChangeRolesAndKeepOneAdmin() throws Exception {
        OrgMembersViewModel members = onFx(() -> new OrgMembersViewModel(ada.organizations()));
        fx(members::load);
        waitFor("the members", () -> members.members().size() == 3);
        assertThat(onFx(() -> members.members().stream().map(m -> m.email() + ":" + m.role()).toList()))
                .containsExactly("ada@example.com:ADMIN", "max@example.com:MEMBER", "vic@example.com:MEMBER");
        assertThat(onFx(() -> members.canInviteProperty().get())).as("nothing typed").isFalse();

        fx(() -> {
            members.emailProperty().set("zoe@example.com");
            members.roleProperty().set(OrgRole.ADMIN);
            members.invite();
        });
        waitFor("the invitation", () -> members.members().stream().anyMatch(OrgMember::invited));
        assertThat(onFx(() -> members.feedbackProperty().get())).isEqualTo(Feedback.done("Invited zoe@example.com as "
                + "Admin; they join when they accept, signed in with that address."));
        assertThat(onFx(() -> members.emailProperty().get())).isEmpty();

        OrgMember maxRow = onFx(() -> members.members().stream().filter(m -> m.email().equals("max@example.com"))
                .findFirst().orElseThrow());
        fx(() -> members.changeRole(maxRow, OrgRole.ADMIN));
        waitFor("max promoted", () -> members.members().stream().anyMatch(m -> m.email().equals("max@example.com")
                && m.role() == OrgRole.ADMIN));
        fx(() -> members.changeRole(maxRow, OrgRole.MEMBER));
        waitFor("max demoted", () -> !members.busyProperty().get() && members.members().stream().anyMatch(m ->
                m.email().equals("max@example.com") && m.role() == OrgRole.MEMBER));

        OrgMember adaRow = onFx(() -> members.members().stream().filter(m -> m.email().equals("ada@example.com"))
                .findFirst().orElseThrow());
        fx(() -> members.changeRole(adaRow, OrgRole.MEMBER));
        waitFor("the refusal", () -> members.feedbackProperty().get().problem() && !members.busyProperty().get());
        assertThat(onFx(() -> members.feedbackProperty().get().text())).contains("keeps at least one admin");

        OrgMember zoe = onFx(() -> members.members().stream().filter(OrgMember::invited).findFirst().orElseThrow());
        fx(() -> members.remove(zoe));
        waitFor("the invitation withdrawn", () -> members.members().stream().noneMatch(OrgMember::invited));
        assertThat(onFx(() -> members.feedbackProperty().get()))
                .isEqualTo(Feedback.done("Withdrew the invitation of zoe@example.com."));

        try (Workspace vic = world.signIn("vic")) {
            OrgMembersViewModel notAdmin = onFx(() -> new OrgMembersViewModel(vic.organizations()));
            fx(notAdmin::load);
            waitFor("vic's refusal", () -> notAdmin.feedbackProperty().get().problem());
            assertThat(onFx(() -> notAdmin.feedbackProperty().get().text()))
                    .isEqualTo("Only an admin of the organization default can do that.");
        }
    }

    @Test
    void theSwitcherCreatesSwitchesAndRemembersTheCurrentOrganization() throws Exception {
        AtomicInteger switched = new AtomicInteger();
        AtomicReference<String> notice = new AtomicReference<>("");
        WorkspacesViewModel workspaces = onFx(() -> new WorkspacesViewModel(max, state, notice::set,
                problem -> notice.set("failed: " + problem.getMessage()), switched::incrementAndGet));
        fx(workspaces::load);
        waitFor("max's organization", () -> workspaces.currentProperty().get() != null);
        assertThat(onFx(() -> workspaces.organizations().stream().map(OrgMembership::slug).toList()))
                .containsExactly("default");

        AtomicReference<String> refusal = new AtomicReference<>("pending");
        fx(() -> workspaces.create("Default copy", "default", refusal::set));
        waitFor("the refusal", () -> !"pending".equals(refusal.get()));
        assertThat(refusal.get()).contains("already taken");

        refusal.set("pending");
        fx(() -> workspaces.create("Max's agency", "max-agency", refusal::set));
        waitFor("the new organization", () -> refusal.get() == null);
        assertThat(onFx(() -> workspaces.currentProperty().get().slug())).isEqualTo("max-agency");
        assertThat(onFx(() -> workspaces.currentProperty().get().admin())).isTrue();
        assertThat(notice.get()).isEqualTo("Created the organization Max's agency; you are its admin.");
        assertThat(max.account().orgId()).isEqualTo(onFx(() -> workspaces.currentProperty().get().orgId()));
        assertThat(state.currentOrganization("max@example.com")).contains("max-agency");

        OrgMembership defaultOrg = onFx(() -> workspaces.organizations().stream()
                .filter(o -> o.slug().equals("default")).findFirst().orElseThrow());
        int before = switched.get();
        fx(() -> workspaces.use(defaultOrg));
        waitFor("the switch", () -> workspaces.currentProperty().get().slug().equals("default"));
        assertThat(switched.get()).isGreaterThan(before);
        assertThat(state.currentOrganization("max@example.com")).contains("default");
        OrgMembership agency = onFx(() -> workspaces.organizations().stream()
                .filter(o -> o.slug().equals("max-agency")).findFirst().orElseThrow());
        fx(() -> workspaces.use(agency));
        waitFor("the switch back", () -> workspaces.currentProperty().get().slug().equals("max-agency"));

        try (Workspace again = world.signIn("max")) { // a new window of max's opens where he left it
            WorkspacesViewModel reopened = onFx(() -> new WorkspacesViewModel(again, state, text -> { },
                    problem -> { }, () -> { }));
            fx(reopened::load);
            waitFor("the remembered organization", () -> reopened.currentProperty().get() != null
                    && reopened.organizations().size() == 2);
            assertThat(onFx(() -> reopened.currentProperty().get().slug())).isEqualTo("max-agency");
        }
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    private static void fx(Runnable work) throws Exception {
        WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Timed out waiting for " + what, e);
        }
    }
}
