package io.qodex.app.adapters.browser;

import io.qodex.app.adapters.files.LoginStepsJson;

import io.qodex.app.testing.LogCapture;
import static io.qodex.app.adapters.browser.LoginTestSite.EMAIL;
import static io.qodex.app.adapters.browser.LoginTestSite.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.qodex.app.testing.XvfbDisplay;
import io.qodex.domain.login.LoginScript;
import io.qodex.domain.login.LoginStep;
import io.qodex.domain.login.RecordRequest;
import io.qodex.domain.login.RecordingResult;
import io.qodex.domain.login.Running;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records logins in a real, visible Chromium (on Xvfb) driven with Playwright's mouse and keyboard on the recording
 * page, as an operator would: the steps equal the expected list and hold ${authPassword}, never the password.
 */
@ExtendWith(XvfbDisplay.class)
class LoginRecordingIT {

    private static LoginTestSite site;
    private static PlaywrightLoginRunner runner;

    @BeforeAll
    static void start() {
        site = LoginTestSite.start();
        runner = TestRunners.withDisplay();
    }

    @AfterAll
    static void stop() {
        runner.close();
        site.close();
    }

    @Test
    void recordsTypingSelectingCheckingAndClickingWithRobustSelectorsAndNoPassword() throws Exception {
        List<List<LoginStep>> live = new CopyOnWriteArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            LoginScript script = record(live::add, page -> {
                page.click("#email");
                page.keyboard().type(EMAIL);
                page.click("input[type=password]");
                page.keyboard().type(PASSWORD);
                page.focus("select");
                page.keyboard().press("ArrowDown");
                page.click("input[type=checkbox]");
                page.click("button[type=submit]");
                page.waitForURL("**/dashboard");
            });

            assertThat(script.steps()).containsExactly(
                    LoginStep.goTo("${baseUrl}"),
                    LoginStep.fill("#email", "${authEmail}"),
                    LoginStep.fill("[data-testid=\"password-input\"]", "${authPassword}"),
                    LoginStep.select("[name=\"tenant\"]", "acme"),
                    LoginStep.check("[aria-label=\"Remember me\"]"),
                    LoginStep.click("role=button[name=\"Sign in\"s]"),
                    LoginStep.waitForUrl("${baseUrl}/dashboard"));
            assertThat(LoginStepsJson.write(script)).doesNotContain(PASSWORD).contains("${authPassword}");
            assertThat(live).hasSizeGreaterThan(4);
            assertThat(live.toString()).doesNotContain(PASSWORD);
            assertThat(logs.messages()).noneMatch(message -> message.contains(PASSWORD));
        }
        // the operator really logged in: the form carried the password to the site, and only there
        assertThat(site.requestLines()).anyMatch(line -> line.startsWith("POST /login") && line.contains("tenant=acme"));
    }

    @Test
    void recordsEnterInThePasswordFieldAsAPressNotAClick() throws Exception {
        LoginScript script = record(steps -> { }, page -> {
            page.click("#email");
            page.keyboard().type(EMAIL.toUpperCase(java.util.Locale.ROOT));
            page.click("[data-testid=password-input]");
            page.keyboard().type("wrong");
            page.keyboard().press("Control+A");
            page.keyboard().type(PASSWORD);
            page.keyboard().press("Enter");
            page.waitForURL("**/dashboard");
        });

        assertThat(script.steps()).containsExactly(
                LoginStep.goTo("${baseUrl}"),
                LoginStep.fill("#email", "${authEmail}"),
                LoginStep.fill("[data-testid=\"password-input\"]", "${authPassword}"),
                LoginStep.press("[data-testid=\"password-input\"]", "Enter"),
                LoginStep.waitForUrl("${baseUrl}/dashboard"));
    }

    @Test
    void closingTheBrowserEndsTheRecording() throws Exception {
        Running<RecordingResult> running = runner.record(RecordRequest.atBaseUrl(site.baseUrl(), Optional.of(EMAIL)),
                steps -> { }, page -> {
                    page.click("#email");
                    page.keyboard().type("someone-else");
                    page.close();
                });

        RecordingResult result = running.result().get(60, TimeUnit.SECONDS);

        assertThat(result).isInstanceOfSatisfying(RecordingResult.Recorded.class, recorded ->
                assertThat(recorded.script().steps()).containsExactly(
                        LoginStep.goTo("${baseUrl}"),
                        LoginStep.fill("#email", "someone-else"),
                        LoginStep.waitForUrl("${baseUrl}/login")));
    }

    @Test
    void theLivePageHighlightsSelectorsAndPicksAnElementWithoutClickingIt() throws Exception {
        PlaywrightLivePage live = (PlaywrightLivePage) runner.openLivePage("${baseUrl}/login".replace("${baseUrl}",
                site.baseUrl()), MapVariables.forSite(site.baseUrl(), EMAIL, PASSWORD));
        try {
            assertThat(live.highlight("#email").get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(live.highlight("input").get(10, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(live.highlight("#nothing-like-this").get(10, TimeUnit.SECONDS)).isZero();

            CompletableFuture<Optional<String>> picked = live.pickElement();
            live.withPage(page -> page.click("button[type=submit]")).get(10, TimeUnit.SECONDS);

            assertThat(picked.get(10, TimeUnit.SECONDS)).contains("role=button[name=\"Sign in\"s]");
            CompletableFuture<String> url = new CompletableFuture<>();
            live.withPage(page -> url.complete(page.url())).get(10, TimeUnit.SECONDS);
            assertThat(url.get()).endsWith("/login"); // the click was not passed on: no form was submitted
        } finally {
            live.close();
        }
        assertThat(live.closed().get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(live.highlight("#email").get(1, TimeUnit.SECONDS)).isZero();
    }

    /** Records with {@code operator} driving the page, then presses Stop. */
    private LoginScript record(io.qodex.domain.login.RecordingListener listener, Consumer<Page> operator) throws Exception {
        CompletableFuture<Void> operatorDone = new CompletableFuture<>();
        Running<RecordingResult> running = runner.record(RecordRequest.atBaseUrl(site.baseUrl(), Optional.of(EMAIL)),
                listener, page -> {
                    try {
                        operator.accept(page);
                        operatorDone.complete(null);
                    } catch (RuntimeException e) {
                        operatorDone.completeExceptionally(e);
                        throw e;
                    }
                });
        try {
            operatorDone.get(60, TimeUnit.SECONDS);
        } finally {
            running.stop();
        }
        RecordingResult result = running.result().get(60, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(RecordingResult.Recorded.class);
        return ((RecordingResult.Recorded) result).script();
    }
}
