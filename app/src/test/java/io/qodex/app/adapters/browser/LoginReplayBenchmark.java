package io.qodex.app.adapters.browser;

import static io.qodex.app.adapters.browser.LoginTestSite.EMAIL;
import static io.qodex.app.adapters.browser.LoginTestSite.PASSWORD;

import io.qodex.domain.login.LoginResult;
import io.qodex.domain.login.ReplayListener;
import io.qodex.domain.login.ReplayRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Replay + capture on the local test site, from "Replay" (the call) to the captured session (the result), median of
 * 5: cold (a new runner each time: Playwright's driver process and the browser launch included; the driver itself
 * already unpacked in the cache), running (the runner's driver process up, the browser launched for each replay, as
 * in the app once its warm browser was closed for idleness) and warm (the browser kept open between replays). Each
 * timed replay follows a one-second pause (untimed).
 * Prints numbers, asserts nothing.
 */
class LoginReplayBenchmark {

    private static final int RUNS = 5;
    private static final long PAUSE_MILLIS = 1000;

    @Test
    void replayAndCapture() {
        try (LoginTestSite site = LoginTestSite.start()) {
            ReplayRequest request = new ReplayRequest(SiteLogin.STEPS, MapVariables.forSite(site.baseUrl(), EMAIL, PASSWORD));
            // unpack the driver once (a one-time cost per installation), outside the measurements
            try (PlaywrightLoginRunner first = TestRunners.headless(Clock.systemUTC())) {
                first.warmUp().join();
            }

            List<Long> cold = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                try (PlaywrightLoginRunner runner = TestRunners.headless(Clock.systemUTC())) {
                    cold.add(timeReplay(runner, request));
                }
            }
            List<Long> launched = new ArrayList<>();
            try (PlaywrightLoginRunner runner = new PlaywrightLoginRunner(TestRunners.settings().withKeepWarm(
                    Duration.ZERO), Clock.systemUTC(), BrowserLocator.forThisMachine())) {
                timeReplay(runner, request); // starts the driver process
                for (int i = 0; i < RUNS; i++) {
                    launched.add(timeReplay(runner, request));
                }
            }
            List<Long> warm = new ArrayList<>();
            try (PlaywrightLoginRunner runner = TestRunners.headless(Clock.systemUTC())) {
                runner.warmUp().join();
                timeReplay(runner, request); // the first context of a browser is slower
                for (int i = 0; i < RUNS; i++) {
                    warm.add(timeReplay(runner, request));
                }
            }
            report("cold (new driver process + browser launch + replay + capture)", cold);
            report("running (browser launch + replay + capture)", launched);
            report("warm (browser kept open: replay + capture in a new context)", warm);
        }
    }

    /** Times one replay after a pause: a person does not press "Replay" back to back, and the runner tidies up between. */
    private static long timeReplay(PlaywrightLoginRunner runner, ReplayRequest request) {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long started = System.nanoTime();
        LoginResult result = runner.replay(request, ReplayListener.ignore()).await();
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (!(result instanceof LoginResult.Captured captured)) {
            throw new IllegalStateException("replay did not capture: " + result);
        }
        captured.session().close();
        return millis;
    }

    private static void report(String what, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "LoginReplayBenchmark %s: median %d ms, min %d ms, max %d ms, runs %s, load %s%n",
                what, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), millis, load());
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
