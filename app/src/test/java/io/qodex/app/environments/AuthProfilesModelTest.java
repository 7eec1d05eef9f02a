package io.qodex.app.environments;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.environment.ApiLoginDraft;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.LoginHeader;
import io.qodex.domain.environment.ProfileDraft;
import io.qodex.domain.environment.SecretInput;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Auth profiles tab's rules: stored secrets kept unless retyped, the HTTP login, adding and removing. */
class AuthProfilesModelTest {

    private final StoredEnvironments.Draft draft = new StoredEnvironments.Draft(StoredEnvironments.staging());
    private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
    private final ObservableMap<String, String> loginResults = FXCollections.observableHashMap();
    private final List<String> tested = new ArrayList<>();
    private final AuthProfilesModel model = new AuthProfilesModel(draft::apply, problems, loginResults, tested::add);

    AuthProfilesModelTest() {
        model.fill(draft.value, StoredEnvironments.staging());
    }

    private ProfileDraft profile(int index) {
        return draft.value.profiles().get(index);
    }

    @ParameterizedTest(name = "stored {0}, typed \"{1}\": {2}")
    @CsvSource(textBlock = """
            true,  '',     keep
            false, '',     clear
            true,  s3cr3t, replace
            false, s3cr3t, replace
            """)
    void whatAPasswordOrTokenFieldDoes(boolean stored, String typed, String expected) {
        SecretInput input = AuthProfileModel.secretInput(typed, stored);
        String does = input instanceof SecretInput.Keep ? "keep" : input instanceof SecretInput.Clear ? "clear" : "replace";
        assertThat(does).isEqualTo(expected);
    }

    @Test
    void theStoredPasswordIsKeptWhileItsFieldIsLeftEmptyAndTheUnsetTokenStaysUnset() {
        AuthProfileModel admin = model.profiles().get(0);
        assertThat(admin.passwordStored().get()).isTrue();
        assertThat(admin.staticTokenStored().get()).isFalse();
        assertThat(admin.uiLoginRecorded().get()).isTrue();
        assertThat(draft.edits).isZero();
        admin.password().set("hunter2");
        assertThat(profile(0).password()).isInstanceOf(SecretInput.Replace.class);
        admin.password().set("");
        assertThat(profile(0).password()).isInstanceOf(SecretInput.Keep.class);
        admin.staticToken().set("t");
        admin.staticToken().set("");
        assertThat(profile(0).staticToken()).isInstanceOf(SecretInput.Clear.class);
    }

    @Test
    void theHttpLoginStartsFromTheDefaultsAndIsDroppedWhenSwitchedOff() {
        AuthProfileModel admin = model.profiles().get(0);
        assertThat(admin.httpLogin().get()).isFalse();
        assertThat(admin.headers().get()).isEqualTo("Content-Type: application/json");
        admin.httpLogin().set(true);
        assertThat(profile(0).apiLogin()).contains(ApiLoginDraft.defaults());
        admin.url().set("${apiBaseUrl}/auth/login");
        admin.headers().set("Content-Type: application/json\n\n  X-Tenant :  ${TENANT} \nX-Bare");
        assertThat(profile(0).apiLogin()).hasValueSatisfying(login -> {
            assertThat(login.url()).isEqualTo("${apiBaseUrl}/auth/login");
            assertThat(login.headers()).containsExactly(LoginHeader.contentTypeJson(),
                    new LoginHeader("X-Tenant", "${TENANT}"), new LoginHeader("X-Bare", ""));
        });
        admin.httpLogin().set(false);
        assertThat(profile(0).apiLogin()).isEmpty();
    }

    @Test
    void addTakesTheStrippedNameAndClearsIt() {
        assertThat(model.canAdd().get()).isFalse();
        model.newName().set("  viewer ");
        assertThat(model.canAdd().get()).isTrue();
        model.add();
        assertThat(draft.value.profiles()).extracting(ProfileDraft::name).containsExactly("admin", "viewer");
        assertThat(model.newName().get()).isEmpty();
        assertThat(model.profiles().get(1).name().get()).isEqualTo("viewer");
        assertThat(model.profiles().get(1).passwordStored().get()).isFalse();
    }

    @Test
    void removingAProfileLetsTheNextOneKeepItsEditsAndErrors() {
        model.newName().set("viewer");
        model.add();
        AuthProfileModel viewer = model.profiles().get(1);
        viewer.email().set("qa-viewer@example.com");
        model.profiles().get(0).remove();
        assertThat(model.profiles()).containsExactly(viewer);
        assertThat(draft.value.profiles()).extracting(ProfileDraft::email).containsExactly("qa-viewer@example.com");
        problems.put("authProfiles[0].email", "Not an email address or user name.");
        assertThat(viewer.problem("email").get()).isEqualTo("Not an email address or user name.");
    }

    @Test
    void testLoginRunsTheProfileByNameAndShowsItsResult() {
        AuthProfileModel admin = model.profiles().get(0);
        admin.testLogin();
        assertThat(tested).containsExactly("admin");
        loginResults.put("admin", "status 200, token ****abcd");
        assertThat(admin.loginResult().get()).isEqualTo("status 200, token ****abcd");
    }

    @Test
    void anotherEnvironmentWithoutProfilesDropsTheCards() {
        model.fill(EnvironmentDraft.of(StoredEnvironments.qa()), StoredEnvironments.qa());
        assertThat(model.profiles()).isEmpty();
        assertThat(draft.edits).isZero();
    }
}
