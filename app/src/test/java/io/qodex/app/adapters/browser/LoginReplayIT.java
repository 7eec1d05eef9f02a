package io.qodex.app.adapters.browser;

import io.qodex.app.testing.LogCapture;
import static io.qodex.app.adapters.browser.LoginTestSite.EMAIL;
import static io.qodex.app.adapters.browser.LoginTestSite.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.common.Secret;
import io.qodex.domain.login.CapturedSession;
import io.qodex.domain.login.CheckRequest;
import io.qodex.domain.login.FailureKind;
import io.qodex.domain.login.LoggedInCheck;
import io.qodex.domain.login.LoginResult;
import io.qodex.domain.login.LoginScript;
import io.qodex.domain.login.LoginSessionKeeper;
import io.qodex.domain.login.LoginStep;
import io.qodex.domain.login.LoginTarget;
import io.qodex.domain.login.ReplayListener;
import io.qodex.domain.login.ReplayRequest;
import io.qodex.domain.login.Running;
import io.qodex.domain.login.SessionCheck;
import io.qodex.domain.login.Screenshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replays the test site's login headless in the machine's Chromium: capture, failures, cancellation, check. */
class LoginReplayIT {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    private static LoginTestSite site;
    private static PlaywrightLoginRunner runner;

    @BeforeAll
    static void start() {
        site = LoginTestSite.start();
        runner = TestRunners.headless(Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        runner.close();
        site.close();
    }

    @Test
    void replayCapturesAStateThatReachesTheProtectedPageInAFreshContext() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        ReplayListener listener = new ReplayListener() {
            @Override
            public void stepStarted(int index, LoginStep step) {
                events.add("start " + index);
            }

            @Override
            public void stepSucceeded(int index, LoginStep step, Duration took) {
                events.add("done " + index);
            }

            @Override
            public void log(String line) {
                events.add(line);
            }
        };
        Instant before = Instant.now();
        LoginResult result;
        try (LogCapture logs = new LogCapture()) {
            result = runner.replay(new ReplayRequest(SiteLogin.STEPS, variables(PASSWORD)), listener)
                    .result().get(60, TimeUnit.SECONDS);
            assertThat(logs.messages()).noneMatch(message -> message.contains(PASSWORD));
        }

        assertThat(result).isInstanceOf(LoginResult.Captured.class);
        try (CapturedSession session = ((LoginResult.Captured) result).session()) {
            assertThat(session.finalUrl()).isEqualTo(site.baseUrl() + "/dashboard");
            assertThat(session.cookieCount()).isEqualTo(1);
            assertThat(session.earliestCookieExpiry()).hasValueSatisfying(expiry -> assertThat(expiry)
                    .isBetween(before.plusSeconds(3590), Instant.now().plusSeconds(3610)));
            assertThat(session.capturedAt()).isBetween(before, Instant.now());
            String token = site.onlyToken();
            assertThat(session.bearerToken()).hasValueSatisfying(bearer -> assertThat(bearer.reveal()).isEqualTo(token));
            String state = session.storageState().reveal();
            assertThat(state).contains("\"sid\"").contains("acmeToken").contains(token).doesNotContain(PASSWORD);
            assertThat(state).contains("acme-db").contains("dark"); // IndexedDB, which Playwright captures too
            assertThat(session.screenshot().png()).startsWith(PNG_MAGIC);
            keep("captured.png", session.screenshot());
            assertThat(session.toString()).doesNotContain(token);

            // a fresh context with the captured state reaches the protected page …
            assertThat(check(session.storageState(), new LoggedInCheck.UrlMatches("${baseUrl}/dashboard")))
                    .isEqualTo(new SessionCheck.LoggedIn(site.baseUrl() + "/dashboard"));
            assertThat(check(session.storageState(), new LoggedInCheck.SelectorVisible("#logout")))
                    .isInstanceOf(SessionCheck.LoggedIn.class);
            assertThat(check(session.storageState(), new LoggedInCheck.NoPasswordField()))
                    .isInstanceOf(SessionCheck.LoggedIn.class);
        }
        // … and one without it does not
        try (Secret empty = Secret.copyOf("{\"cookies\":[],\"origins\":[]}")) {
            assertThat(check(empty, new LoggedInCheck.UrlMatches("${baseUrl}/dashboard")))
                    .isInstanceOfSatisfying(SessionCheck.LoggedOut.class, out -> {
                        assertThat(out.url()).isEqualTo(site.baseUrl() + "/login");
                        assertThat(out.reason()).contains("does not match ${baseUrl}/dashboard");
                    });
            assertThat(check(empty, new LoggedInCheck.NoPasswordField())).isInstanceOf(SessionCheck.LoggedOut.class);
        }
        assertThat(events).contains("start 0", "done 0", "start 6", "done 6")
                .anyMatch(line -> line.startsWith("Step 3/7: fill [data-testid=\"password-input\"] ← ${authPassword}"))
                .anyMatch(line -> line.startsWith("Captured the session"))
                .noneMatch(line -> line.contains(PASSWORD));
        assertThat(result.log()).isEqualTo(events.stream().filter(line -> !line.matches("(start|done) \\d")).toList());
    }

    @Test
    void aWrongPasswordFailsAtTheWaitForTheDashboardWithAScreenshotAndStoresNothing() {
        String wrong = "not-the-Passw0rd-42";
        InMemorySessionStore store = new InMemorySessionStore();
        LoginTarget target = SiteLogin.target(site.baseUrl(), wrong);

        LoginResult result = new LoginSessionKeeper(runner, Clock.systemUTC())
                .replayAndStore(target, store, ReplayListener.ignore());

        assertThat(result).isInstanceOfSatisfying(LoginResult.Failed.class, failed -> {
            assertThat(failed.stepIndex()).hasValue(6);
            assertThat(failed.kind()).isEqualTo(FailureKind.WRONG_CREDENTIALS);
            assertThat(failed.reason()).isEqualTo("The page did not reach ${baseUrl}/dashboard within 3 s; it still "
                    + "shows a login form at " + site.baseUrl() + "/login (the page says: \"Invalid email or "
                    + "password.\"): the credentials were probably refused.");
            assertThat(failed.screenshot()).hasValueSatisfying(shot -> assertThat(shot.png()).startsWith(PNG_MAGIC));
            keep("wrong-password.png", failed.screenshot().orElseThrow());
            assertThat(failed.summary()).startsWith("Step 7 failed: The page did not reach");
            assertThat(String.join("\n", failed.log())).doesNotContain(wrong);
        });
        assertThat(store.saves()).isZero();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void aSiteThatIsDownGivesTheConnectionError() {
        String dead = LoginTestSite.deadBaseUrl();

        LoginResult result = replay(SiteLogin.STEPS, MapVariables.forSite(dead, EMAIL, PASSWORD));

        assertThat(result).isInstanceOfSatisfying(LoginResult.Failed.class, failed -> {
            assertThat(failed.stepIndex()).hasValue(0);
            assertThat(failed.kind()).isEqualTo(FailureKind.NAVIGATION);
            assertThat(failed.reason()).isEqualTo("Could not open ${baseUrl}: net::ERR_CONNECTION_REFUSED (is the site running?).");
        });
    }

    @Test
    void aChangedSelectorFailsNamingTheSelector() {
        List<LoginStep> steps = new ArrayList<>(SiteLogin.STEPS.steps());
        steps.set(1, LoginStep.fill("#login-email", "${authEmail}").withTimeout(Duration.ofMillis(1500)));

        LoginResult result = replay(new LoginScript(steps), variables(PASSWORD));

        assertThat(result).isInstanceOfSatisfying(LoginResult.Failed.class, failed -> {
            assertThat(failed.stepIndex()).hasValue(1);
            assertThat(failed.kind()).isEqualTo(FailureKind.SELECTOR_TIMEOUT);
            assertThat(failed.reason()).isEqualTo("Timed out after 1.5 s waiting for selector #login-email (fill, at "
                    + site.baseUrl() + "/login).");
            assertThat(failed.screenshot()).isPresent();
        });
    }

    @Test
    void aSelectorMatchingSeveralElementsIsNamed() {
        List<LoginStep> steps = new ArrayList<>(SiteLogin.STEPS.steps());
        steps.set(5, LoginStep.click("p"));

        LoginResult result = replay(new LoginScript(steps), variables(PASSWORD));

        assertThat(result).isInstanceOfSatisfying(LoginResult.Failed.class, failed -> {
            assertThat(failed.stepIndex()).hasValue(5);
            assertThat(failed.kind()).isEqualTo(FailureKind.STEP_ERROR);
            assertThat(failed.reason()).isEqualTo("The selector p matches several elements; make it unique.");
        });
    }

    @Test
    void anUnknownVariableIsNamed() {
        LoginResult result = replay(LoginScript.of(LoginStep.goTo("${appUrl}/login")), variables(PASSWORD));

        assertThat(result).isInstanceOfSatisfying(LoginResult.Failed.class, failed -> {
            assertThat(failed.stepIndex()).hasValue(0);
            assertThat(failed.kind()).isEqualTo(FailureKind.VARIABLE);
            assertThat(failed.reason()).isEqualTo("Unknown variable ${appUrl}.");
        });
    }

    @Test
    void stopCancelsAWaitingReplay() throws Exception {
        // step 2 waits for an element that never comes; only its own time limit (a minute) would end it otherwise
        LoginScript script = LoginScript.of(LoginStep.goTo("${baseUrl}"),
                LoginStep.waitForSelector("#never").withTimeout(Duration.ofMinutes(1)));
        CountDownLatch waiting = new CountDownLatch(1);
        Running<LoginResult> running = runner.replay(new ReplayRequest(script, variables(PASSWORD)), new ReplayListener() {
            @Override
            public void stepStarted(int index, LoginStep step) {
                if (index == 1) {
                    waiting.countDown();
                }
            }
        });
        assertThat(waiting.await(60, TimeUnit.SECONDS)).as("step 2 started").isTrue();

        running.stop();
        // given more time than the step's own limit, so that a stop that did nothing shows as a timeout failure
        LoginResult result = running.result().get(2, TimeUnit.MINUTES);

        assertThat(result).isInstanceOfSatisfying(LoginResult.Cancelled.class,
                cancelled -> assertThat(cancelled.atStep()).hasValue(1));
    }

    @Test
    void aMissingBrowserIsAClearFailure() {
        try (PlaywrightLoginRunner noBrowser = new PlaywrightLoginRunner(TestRunners.settings().withBrowser(Optional.empty()),
                Clock.systemUTC(), new BrowserLocator(List.of("/nonexistent/chromium"), path -> false))) {
            LoginResult result = noBrowser.replay(new ReplayRequest(SiteLogin.STEPS, variables(PASSWORD)),
                    ReplayListener.ignore()).await();

            assertThat(result).isInstanceOfSatisfying(LoginResult.Failed.class, failed -> {
                assertThat(failed.stepIndex()).isEmpty();
                assertThat(failed.kind()).isEqualTo(FailureKind.BROWSER);
                assertThat(failed.reason()).startsWith("No Chromium or Chrome found (looked for /nonexistent/chromium).")
                        .contains("QODEX_BROWSER");
            });
        }
    }

    /** Keeps a screenshot under target/login-screenshots for a person to look at. */
    private static void keep(String name, Screenshot screenshot) {
        try {
            Path folder = Files.createDirectories(Path.of("target", "login-screenshots"));
            Files.write(folder.resolve(name), screenshot.png());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LoginResult replay(LoginScript script, MapVariables variables) {
        return runner.replay(new ReplayRequest(script, variables), ReplayListener.ignore()).await();
    }

    private SessionCheck check(Secret state, LoggedInCheck check) {
        return runner.check(new CheckRequest(state, site.baseUrl() + "/dashboard", check, variables(PASSWORD)),
                ReplayListener.ignore()).await();
    }

    private MapVariables variables(String password) {
        return MapVariables.forSite(site.baseUrl(), EMAIL, password);
    }
}
