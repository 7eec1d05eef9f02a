package io.qodex.app.adapters.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.login.LoginStep;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How recorder events become steps, without a browser. */
class RecordedStepsTest {

    private static final String BASE = "https://app.example.com";

    private final RecordedSteps steps = new RecordedSteps(BASE, Optional.of("Ops@Example.com"));

    @Test
    void keystrokesIntoOneFieldMergeIntoOneFill() {
        steps.start(BASE + "/login", 0);
        steps.accept(fill("#user", "o", false), 100);
        steps.accept(fill("#user", "op", false), 150);
        steps.accept(fill("#other", "x", false), 200);
        steps.accept(fill("#user", "ops", false), 250);

        assertThat(steps.steps()).containsExactly(LoginStep.goTo("${baseUrl}/login"), LoginStep.fill("#user", "op"),
                LoginStep.fill("#other", "x"), LoginStep.fill("#user", "ops"));
    }

    @Test
    void secretsAndTheProfileEmailBecomeVariables() {
        steps.start(BASE, 0);
        steps.accept(fill("#email", "  ops@example.COM ", false), 100);
        steps.accept(fill("#pw", "whatever the page sent", true), 200);

        assertThat(steps.steps()).containsExactly(LoginStep.goTo("${baseUrl}"), LoginStep.fill("#email", "${authEmail}"),
                LoginStep.fill("#pw", "${authPassword}"));
    }

    @Test
    void onlyLoadsThatLookTypedBecomeGotos() {
        steps.start(BASE, 0);
        steps.accept(navigation(BASE + "/login", ""), 4_000); // the redirect of the start page, however slow
        steps.startLoaded(4_100);
        steps.accept(new RecorderEvent("click", "#sso", "", false, true, "", ""), 5_000);
        steps.accept(navigation("https://idp.example.org/authorize", BASE + "/login"), 5_200); // followed a link
        steps.accept(navigation("https://idp.example.org/authorize", ""), 6_000); // no referrer but just after a click
        steps.accept(navigation(BASE + "/help?x=1", ""), 20_000); // typed into the address bar
        steps.accept(navigation("about:blank", ""), 40_000);

        assertThat(steps.steps()).containsExactly(LoginStep.goTo("${baseUrl}"), LoginStep.click("#sso"),
                LoginStep.goTo("${baseUrl}/help?x=1"));
    }

    @Test
    void aDoubleClickIsOneClickAndChecksAndSelectsKeepTheirLastState() {
        steps.start(BASE, 0);
        steps.accept(new RecorderEvent("click", "#go", "", false, true, "", ""), 100);
        steps.accept(new RecorderEvent("click", "#go", "", false, true, "", ""), 250);
        steps.accept(new RecorderEvent("check", "#terms", "", false, true, "", ""), 300);
        steps.accept(new RecorderEvent("check", "#terms", "", false, false, "", ""), 400);
        steps.accept(new RecorderEvent("select", "#tenant", "a", false, true, "", ""), 500);
        steps.accept(new RecorderEvent("select", "#tenant", "b", false, true, "", ""), 600);
        steps.accept(new RecorderEvent("click", "#go", "", false, true, "", ""), 2_000);

        assertThat(steps.steps()).containsExactly(LoginStep.goTo("${baseUrl}"), LoginStep.click("#go"),
                LoginStep.uncheck("#terms"), LoginStep.select("#tenant", "b"), LoginStep.click("#go"));
    }

    @Test
    void anEventTheStepsCannotHoldIsSkipped() {
        steps.start(BASE, 0);

        assertThat(steps.accept(fill("#x", "${unterminated", false), 100)).isFalse();
        assertThat(steps.accept(new RecorderEvent("hover", "#x", "", false, true, "", ""), 100)).isFalse();
        assertThat(steps.steps()).hasSize(1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://app.example.com/dashboard            | ${baseUrl}/dashboard
            https://app.example.com/                     | ${baseUrl}/
            https://app.example.com/home?tab=1#top       | ${baseUrl}/home**
            https://app.example.com/a*b/{c}              | ${baseUrl}/a\\*b/\\{c\\}
            https://app.example.com.evil.org/x           | https://app.example.com.evil.org/x
            https://other.example.org/welcome            | https://other.example.org/welcome
            """)
    void theUrlReachedBecomesAGlob(String url, String glob) {
        assertThat(steps.urlGlob(url)).isEqualTo(glob);
    }

    @Test
    void theRecordingEndsWithAWaitForTheUrlReached() {
        steps.start(BASE, 0);

        assertThat(steps.finish(Optional.of(BASE + "/dashboard")).steps()).containsExactly(LoginStep.goTo("${baseUrl}"),
                LoginStep.waitForUrl("${baseUrl}/dashboard"));
    }

    private static RecorderEvent fill(String selector, String value, boolean secret) {
        return new RecorderEvent("fill", selector, value, secret, true, "", "");
    }

    private static RecorderEvent navigation(String url, String referrer) {
        return new RecorderEvent("navigation", "", "", false, true, url, referrer);
    }
}
