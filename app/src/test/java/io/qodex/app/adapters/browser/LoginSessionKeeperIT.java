package io.qodex.app.adapters.browser;

import io.qodex.app.adapters.browser.PlaywrightLoginRunner;
import static io.qodex.app.adapters.browser.LoginTestSite.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.login.LoginResult;
import io.qodex.domain.login.LoginSessionKeeper;
import io.qodex.domain.login.LoginTarget;
import io.qodex.domain.login.ReplayListener;
import io.qodex.domain.login.SessionCheck;
import io.qodex.domain.login.SessionFreshness;
import io.qodex.domain.login.SessionRefresh;
import io.qodex.domain.login.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session keeper's orchestration with the real runner (headless Chromium) and a store in memory. */
class LoginSessionKeeperIT {

    private static LoginTestSite site;
    private static PlaywrightLoginRunner runner;

    private final InMemorySessionStore store = new InMemorySessionStore();
    private final List<String> log = new ArrayList<>();
    private final ReplayListener listener = new ReplayListener() {
        @Override
        public void log(String line) {
            log.add(line);
        }
    };
    private LoginTarget target;

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

    @BeforeEach
    void captureASession() {
        target = SiteLogin.target(site.baseUrl(), PASSWORD);
        LoginResult first = keeper(Clock.systemUTC()).replayAndStore(target, store, listener);
        assertThat(first).isInstanceOf(LoginResult.Captured.class);
        assertThat(store.saves()).isEqualTo(1);
    }

    @Test
    void aSessionTheSiteExpiredIsDetectedByCheckSessionAndRecapturedAutomatically() {
        LoginSessionKeeper keeper = keeper(Clock.systemUTC());
        assertThat(keeper.check(target, store, listener)).isInstanceOf(SessionCheck.LoggedIn.class);

        site.expireAllSessions();

        assertThat(keeper.check(target, store, listener)).isInstanceOfSatisfying(SessionCheck.LoggedOut.class, out ->
                assertThat(out.reason()).isEqualTo("opening " + site.baseUrl() + "/dashboard landed on " + site.baseUrl()
                        + "/login, which does not match ${baseUrl}/dashboard."));
        String expiredState = store.peek().orElseThrow().storageState().reveal();

        SessionRefresh refresh = keeper.ensureFresh(target, store, listener);

        assertThat(refresh).isInstanceOfSatisfying(SessionRefresh.Recaptured.class, recaptured -> {
            assertThat(recaptured.why()).startsWith("the session failed the check (opening");
            assertThat(recaptured.session().storageState().reveal()).isNotEqualTo(expiredState)
                    .contains(site.onlyToken());
            recaptured.session().close();
        });
        assertThat(store.saves()).isEqualTo(2);
        assertThat(keeper.check(target, store, listener)).isInstanceOf(SessionCheck.LoggedIn.class);
        assertThat(log).anyMatch(line -> line.startsWith("Re-capturing the session: the session failed the check"));
    }

    @Test
    void aSessionPastItsCookieExpiryIsRecapturedWithoutChecking() {
        Instant later = Instant.now().plus(Duration.ofHours(2)); // the site's cookie lives one hour
        LoginSessionKeeper keeper = keeper(Clock.fixed(later, ZoneOffset.UTC));
        try (StoredSession stored = store.load().orElseThrow()) {
            assertThat(stored.freshness(later)).isInstanceOf(SessionFreshness.Expired.class);
            assertThat(stored.freshness(Instant.now()).label()).matches("expires in (59|60) min");
        }
        log.clear();

        SessionRefresh refresh = keeper.ensureFresh(target, store, listener);

        assertThat(refresh).isInstanceOfSatisfying(SessionRefresh.Recaptured.class, recaptured -> {
            assertThat(recaptured.why()).isEqualTo("the session had expired");
            recaptured.session().close();
        });
        assertThat(store.saves()).isEqualTo(2);
        assertThat(log).noneMatch(line -> line.startsWith("Opening")); // no check before the replay
    }

    @Test
    void aFreshSessionThatPassesTheCheckIsKept() {
        SessionRefresh refresh = keeper(Clock.systemUTC()).ensureFresh(target, store, listener);

        assertThat(refresh).isInstanceOfSatisfying(SessionRefresh.StillValid.class, valid -> {
            assertThat(valid.session().storageState().reveal()).contains(site.onlyToken());
            valid.session().close();
        });
        assertThat(store.saves()).isEqualTo(1);
    }

    @Test
    void whenTheRecaptureFailsNothingIsStoredAndTheReasonIsGiven() {
        site.expireAllSessions();
        LoginTarget wrongPassword = SiteLogin.target(site.baseUrl(), "no-longer-the-password");
        String before = store.peek().orElseThrow().storageState().reveal();

        SessionRefresh refresh = keeper(Clock.systemUTC()).ensureFresh(wrongPassword, store, listener);

        assertThat(refresh).isInstanceOfSatisfying(SessionRefresh.Unavailable.class, unavailable -> {
            assertThat(unavailable.reason()).startsWith("Replaying the login failed: Step 7 failed: The page did not reach");
            assertThat(unavailable.replay()).isPresent();
        });
        assertThat(store.saves()).isEqualTo(1);
        assertThat(store.peek().orElseThrow().storageState().reveal()).isEqualTo(before);
    }

    private static LoginSessionKeeper keeper(Clock clock) {
        return new LoginSessionKeeper(runner, clock);
    }
}
