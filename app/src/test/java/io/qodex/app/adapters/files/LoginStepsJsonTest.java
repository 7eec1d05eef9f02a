package io.qodex.app.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.LoginScript;
import io.qodex.domain.login.LoginStep;
import io.qodex.domain.login.LoginStepDraft;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The steps JSON is a contract (qodex login steps / --set): names, fields, and what is left out. */
class LoginStepsJsonTest {

    @Test
    void writesEachFieldOnlyWhereItApplies() {
        LoginScript script = LoginScript.of(
                LoginStep.goTo("${baseUrl}/login"),
                LoginStep.fill("#email", "${authEmail}"),
                LoginStep.fill("#otp", ""),
                LoginStep.press("", "Enter"),
                LoginStep.check("[aria-label=\"Remember me\"]"),
                LoginStep.click("role=button[name=\"Sign in\"s]").withTimeout(Duration.ofSeconds(5)),
                LoginStep.waitForUrl("${baseUrl}/dashboard"),
                LoginStep.waitForSelector("#logout"));

        String json = LoginStepsJson.write(script);

        assertThat(json.replaceAll("\\s+", "")).isEqualTo("""
                [{"action":"goto","value":"${baseUrl}/login"},
                 {"action":"fill","selector":"#email","value":"${authEmail}"},
                 {"action":"fill","selector":"#otp","value":""},
                 {"action":"press","value":"Enter"},
                 {"action":"check","selector":"[aria-label=\\"Remember me\\"]"},
                 {"action":"click","selector":"role=button[name=\\"Sign in\\"s]","timeoutMs":5000},
                 {"action":"waitForUrl","value":"${baseUrl}/dashboard"},
                 {"action":"waitForSelector","selector":"#logout"}]""".replaceAll("\\s+", ""));
        assertThat(LoginStepsJson.read(json)).isEqualTo(script);
    }

    @Test
    void readsNullsAndMissingFieldsAsEmptyAndNumbersAsText() {
        LoginScript script = LoginStepsJson.read("""
                [ {"action": "goto", "selector": null, "value": "https://app.example.com/login"},
                  {"action": "select", "selector": "#tenant", "value": "acme", "timeoutMs": "2500"},
                  {"action": "press", "value": "Tab", "timeoutMs": 700} ]""");

        assertThat(script.steps()).containsExactly(LoginStep.goTo("https://app.example.com/login"),
                LoginStep.select("#tenant", "acme").withTimeout(Duration.ofMillis(2500)),
                LoginStep.press("", "Tab").withTimeout(Duration.ofMillis(700)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `[{"action": "goto",}]`                                        | The steps are not valid JSON (line 1, column 20)
            `{"action": "goto"}`                                           | The steps must be a JSON array of objects
            `[]`                                                           | Step 1: a login needs at least one step.
            `["goto"]`                                                     | Step 1: is not an object.
            `[{"action": "goto", "url": "x"}]`                             | Step 1: unknown field "url" (use action, selector, value, timeoutMs).
            `[{"action": "fill", "selector": ["#a"], "value": "x"}]`       | Step 1: "selector" must be text.
            `[{"action": "click", "selector": "#a", "timeoutMs": 1.5}]`    | Step 1: "timeoutMs" must be a whole number of milliseconds.
            `[{"action": "goto", "value": "/login"}, {"action": "tap"}]`   | Step 1 (goto): "/login" is not an absolute http(s) URL: start it with ${baseUrl} or http:// or https://. Step 2: unknown action "tap"
            """)
    void refusesBadJsonWithEveryProblem(String json, String message) {
        assertThatThrownBy(() -> LoginStepsJson.read(json)).isInstanceOf(QodexException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void draftsKeepInvalidRowsForTheEditor() {
        assertThat(LoginStepsJson.readDrafts("[{\"action\": \"tap\", \"selector\": \"#go\"}]"))
                .containsExactly(LoginStepDraft.of("tap", "#go", ""));
    }
}
