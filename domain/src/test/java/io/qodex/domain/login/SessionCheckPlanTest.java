package io.qodex.domain.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionCheckPlanTest {

    private static final String BASE = "https://shop.example.com";
    private static final LoggedInCheck DEFAULT = new LoggedInCheck.NoPasswordField();

    private static LoginScript endingWith(LoginStep... last) {
        LoginStep[] steps = new LoginStep[last.length + 3];
        steps[0] = LoginStep.goTo("${baseUrl}");
        steps[1] = LoginStep.fill("#email", "${authEmail}");
        steps[2] = LoginStep.click("#sign-in");
        System.arraycopy(last, 0, steps, 3, last.length);
        return LoginScript.of(steps);
    }

    @Test
    void byDefaultItChecksWhereTheRecordedLoginEndedForWhatItWaitedFor() {
        SessionCheckPlan plan = SessionCheckPlan.of(endingWith(LoginStep.waitForUrl("${baseUrl}/dashboard")), BASE,
                Optional.empty(), DEFAULT);
        assertThat(plan).isEqualTo(new SessionCheckPlan("${baseUrl}/dashboard",
                new LoggedInCheck.UrlMatches("${baseUrl}/dashboard")));
    }

    @Test
    void theRecordersAnyQueryAndEscapesAreUndoneForThePageToOpen() {
        SessionCheckPlan plan = SessionCheckPlan.of(endingWith(LoginStep.waitForUrl("${baseUrl}/app/\\{team\\}**")),
                BASE, Optional.empty(), DEFAULT);
        assertThat(plan.urlTemplate()).isEqualTo("${baseUrl}/app/{team}");
        assertThat(plan.check()).isEqualTo(new LoggedInCheck.UrlMatches("${baseUrl}/app/\\{team\\}**"));
    }

    @Test
    void aPatternOfManyPagesKeepsTheBaseUrlButStillRequiresThePattern() {
        SessionCheckPlan plan = SessionCheckPlan.of(endingWith(LoginStep.waitForUrl("**/dashboard")), BASE,
                Optional.empty(), DEFAULT);
        assertThat(plan).isEqualTo(new SessionCheckPlan(BASE, new LoggedInCheck.UrlMatches("**/dashboard")));
    }

    @Test
    void aSelectorWaitIsRequiredWhereTheLoginEnded() {
        SessionCheckPlan plan = SessionCheckPlan.of(endingWith(LoginStep.waitForUrl("${baseUrl}/home"),
                LoginStep.waitForSelector("#account-menu")), BASE, Optional.empty(), DEFAULT);
        assertThat(plan).isEqualTo(new SessionCheckPlan("${baseUrl}/home",
                new LoggedInCheck.SelectorVisible("#account-menu")));
    }

    @Test
    void aSelectorWaitAloneIsRequiredAtTheBaseUrl() {
        assertThat(SessionCheckPlan.of(endingWith(LoginStep.waitForSelector("#account-menu")), BASE, Optional.empty(),
                DEFAULT)).isEqualTo(new SessionCheckPlan(BASE, new LoggedInCheck.SelectorVisible("#account-menu")));
    }

    @Test
    void theOperatorsUrlAndConditionOverrideTheirPart() {
        LoginScript script = endingWith(LoginStep.waitForUrl("${baseUrl}/dashboard"));
        assertThat(SessionCheckPlan.of(script, BASE, Optional.of(BASE + "/account"), DEFAULT)).isEqualTo(
                new SessionCheckPlan(BASE + "/account", new LoggedInCheck.UrlMatches("${baseUrl}/dashboard")));
        LoggedInCheck explicit = new LoggedInCheck.SelectorVisible("#logout");
        assertThat(SessionCheckPlan.of(script, BASE, Optional.of(" "), explicit))
                .isEqualTo(new SessionCheckPlan("${baseUrl}/dashboard", explicit));
    }

    @Test
    void withoutAWaitStepItIsTheBaseUrlWithoutAPasswordField() {
        assertThat(SessionCheckPlan.of(LoginScript.of(LoginStep.goTo("${baseUrl}"), LoginStep.click("#go")), BASE,
                Optional.empty(), DEFAULT)).isEqualTo(new SessionCheckPlan(BASE, DEFAULT));
    }
}
