package io.qodex.app.adapters.browser;

import io.qodex.domain.login.LoggedInCheck;
import io.qodex.domain.login.LoginScript;
import io.qodex.domain.login.LoginStep;
import io.qodex.domain.login.LoginTarget;

/** The test site's login as the recorder records it, and targets for the session keeper. */
final class SiteLogin {

    static final LoginScript STEPS = LoginScript.of(
            LoginStep.goTo("${baseUrl}"),
            LoginStep.fill("#email", "${authEmail}"),
            LoginStep.fill("[data-testid=\"password-input\"]", "${authPassword}"),
            LoginStep.select("[name=\"tenant\"]", "acme"),
            LoginStep.check("[aria-label=\"Remember me\"]"),
            LoginStep.click("role=button[name=\"Sign in\"s]"),
            LoginStep.waitForUrl("${baseUrl}/dashboard"));

    private SiteLogin() {
    }

    static LoginTarget target(String baseUrl, String password) {
        return new LoginTarget(STEPS, MapVariables.forSite(baseUrl, LoginTestSite.EMAIL, password),
                baseUrl + "/dashboard", new LoggedInCheck.UrlMatches("${baseUrl}/dashboard"));
    }
}
