package io.qodex.domain.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoginScriptTest {

    @ParameterizedTest(name = "{0} | {1} | {2} | {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            goto            |                      | ${baseUrl}                   |
            goto            |                      | ${baseUrl}/login?next=/home  |
            goto            |                      | https://app.example.com/login|
            goto            |                      | http://127.0.0.1:8080        |
            goto            |                      | https://${host}/login        |
            fill            | #email               | ${authEmail}                 |
            fill            | [name="q"]           |                              |
            fill            | #email               | someone@example.com          | 5000
            click           | role=button[name="Sign in"s] |                      |
            press           | [name="password"]    | Enter                        |
            press           |                      | Control+A                    |
            check           | #remember            |                              |
            check           | #remember            | false                        |
            select          | [name="tenant"]      | acme                         |
            waitForUrl      |                      | ${baseUrl}/dashboard         | 100
            waitForUrl      |                      | **/app/{home,dashboard}**    | 300000
            waitForSelector | #logout              |                              |
            """)
    void acceptsWellFormedSteps(String action, String selector, String value, String timeout) {
        List<LoginStepDraft> drafts = List.of(new LoginStepDraft(action, selector, value, timeout));

        assertThat(LoginScript.problemsIn(drafts)).isEmpty();
        LoginScript script = LoginScript.parse(drafts);
        assertThat(script.step(0).toDraft()).isEqualTo(drafts.get(0));
    }

    @ParameterizedTest(name = "{0} | {1} | {2} | {3} -> {4}: {5}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            tap             | #go        |                     |        | action    | unknown action "tap" (use goto, fill, click, press, check, select, waitForUrl, waitForSelector).
            ''              | #go        |                     |        | action    | choose an action
            Goto            |            | ${baseUrl}          |        | action    | unknown action "Goto"
            fill            | ''         | ${authEmail}        |        | selector  | the selector is empty.
            click           | '  '       |                     |        | selector  | the selector is empty.
            waitForSelector | ''         |                     |        | selector  | the selector is empty.
            goto            | #x         | ${baseUrl}          |        | selector  | this action takes no selector.
            click           | #x         | yes                 |        | value     | this action takes no value.
            goto            |            | ''                  |        | value     | enter the URL to open.
            goto            |            | /login              |        | value     | "/login" is not an absolute http(s) URL
            goto            |            | login.example.com   |        | value     | "login.example.com" is not an absolute http(s) URL
            goto            |            | ftp://example.com   |        | value     | "ftp://example.com" is not an absolute http(s) URL
            goto            |            | https://exa mple.com|        | value     | contains spaces
            goto            |            | ${baseUrl/login     |        | value     | "${" is not closed
            fill            | #email     | ${auth email}       |        | value     | "${auth email}" is not a variable name
            fill            | ${sel      | x                   |        | selector  | "${" is not closed
            press           | #email     | ''                  |        | value     | enter the key to press
            select          | #tenant    | ''                  |        | value     | enter the option to select.
            check           | #remember  | yes                 |        | value     | "true" (check) or "false"
            waitForUrl      |            | ''                  |        | value     | enter the URL (glob) to wait for.
            waitForUrl      |            | **/{a,{b}}          |        | value     | nests '{' groups
            waitForUrl      |            | **/a}               |        | value     | has a '}' without '{'
            fill            | #email     | x                   | 99     | timeoutMs | between 100 and 300000 ms (99 given)
            fill            | #email     | x                   | 300001 | timeoutMs | between 100 and 300000 ms
            fill            | #email     | x                   | 2s     | timeoutMs | "2s" is not a whole number of milliseconds
            """)
    void reportsEachProblemWithItsCell(String action, String selector, String value, String timeout, String field,
                                       String message) {
        List<LoginStepDraft> drafts = List.of(LoginStepDraft.of("goto", "", "${baseUrl}"),
                new LoginStepDraft(action, selector, value, timeout));

        List<StepProblem> problems = LoginScript.problemsIn(drafts);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).index()).isEqualTo(1);
        assertThat(problems.get(0).field()).isEqualTo(field);
        assertThat(problems.get(0).message()).contains(message);
        assertThatThrownBy(() -> LoginScript.parse(drafts)).isInstanceOf(QodexException.class)
                .hasMessageStartingWith("Step 2");
    }

    @Test
    void reportsEveryProblemOfEveryStepWithItsIndex() {
        List<LoginStepDraft> drafts = List.of(
                LoginStepDraft.of("goto", "", "/login"),
                LoginStepDraft.of("fill", "#email", "${authEmail}"),
                LoginStepDraft.of("fill", "", "${authPassword}"),
                LoginStepDraft.of("tap", "#go", ""),
                new LoginStepDraft("click", "", "", "10"));

        List<StepProblem> problems = LoginScript.problemsIn(drafts);

        assertThat(problems).extracting(StepProblem::index, StepProblem::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, "value"),
                org.assertj.core.groups.Tuple.tuple(2, "selector"),
                org.assertj.core.groups.Tuple.tuple(3, "action"),
                org.assertj.core.groups.Tuple.tuple(4, "selector"),
                org.assertj.core.groups.Tuple.tuple(4, "timeoutMs"));
        assertThat(problems.get(1)).hasToString("Step 3 (fill): the selector is empty.");
        assertThatThrownBy(() -> LoginScript.parse(drafts)).hasMessageContaining("Step 1 (goto)")
                .hasMessageContaining("Step 3 (fill)").hasMessageContaining("Step 4: unknown action \"tap\"")
                .hasMessageContaining("Step 5 (click)");
    }

    @Test
    void anEmptyListIsNotALogin() {
        assertThat(LoginScript.problemsIn(List.of())).singleElement().hasToString("Step 1: a login needs at least one step.");
        assertThatThrownBy(() -> LoginScript.parse(List.of())).isInstanceOf(QodexException.class);
    }

    @Test
    void stepsCannotBeBuiltInvalid() {
        assertThatThrownBy(() -> LoginStep.fill("", "x")).isInstanceOf(QodexException.class)
                .hasMessage("fill: the selector is empty.");
        assertThatThrownBy(() -> LoginStep.goTo("login")).isInstanceOf(QodexException.class);
        assertThatThrownBy(() -> LoginStep.click("#x").withTimeout(Duration.ofMinutes(6))).isInstanceOf(QodexException.class);
    }

    @Test
    void descriptionsShowTemplatesButNeverTypedLiterals() {
        assertThat(LoginStep.fill("[name=\"password\"]", "${authPassword}").describe())
                .isEqualTo("fill [name=\"password\"] ← ${authPassword}");
        assertThat(LoginStep.fill("#password", "hunter2-literal").describe())
                .isEqualTo("fill #password ← (15 typed characters)").doesNotContain("hunter2");
        assertThat(LoginStep.select("#tenant", "acme").describe()).isEqualTo("select #tenant ← acme");
        assertThat(LoginStep.press("#password", "Enter").describe()).isEqualTo("press #password Enter");
        assertThat(LoginStep.goTo("${baseUrl}/login").describe()).isEqualTo("goto ${baseUrl}/login");
    }

    @Test
    void theLandingUrlIsTheLastWaitForUrl() {
        LoginScript script = LoginScript.of(LoginStep.goTo("${baseUrl}"), LoginStep.waitForUrl("**/login"),
                LoginStep.click("#go"), LoginStep.waitForUrl("${baseUrl}/home"), LoginStep.waitForSelector("#me"));

        assertThat(script.landingUrlGlob()).contains("${baseUrl}/home");
    }
}
