package io.qodex.app.adapters.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the login runner drives the browser.
 *
 * @param browser            the configured Chromium/Chrome ({@code QODEX_BROWSER} / {@code browser.path}); else auto-detected
 * @param driverCache        where the Playwright driver is unpacked once and reused
 * @param stepTimeout        a step's timeout when it sets none
 * @param navigationTimeout  how long a {@code goto} may take
 * @param settleTimeout      after the last step, how long to wait at most for the network to go quiet before capturing
 * @param keepWarm           how long the headless browser stays open after a replay or check, for the next one
 * @param visibleBrowserEnvironment extra environment of the visible (recording) browser, e.g. {@code DISPLAY}
 */
public record PlaywrightSettings(Optional<Path> browser, Path driverCache, Duration stepTimeout,
                                 Duration navigationTimeout, Duration settleTimeout, Duration keepWarm,
                                 Map<String, String> visibleBrowserEnvironment) {

    public PlaywrightSettings {
        visibleBrowserEnvironment = Map.copyOf(visibleBrowserEnvironment);
    }

    public static PlaywrightSettings defaults(Optional<Path> browser, Path driverCache) {
        return new PlaywrightSettings(browser, driverCache, Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofMillis(1500), Duration.ofMinutes(5), Map.of());
    }

    public PlaywrightSettings withStepTimeout(Duration timeout) {
        return new PlaywrightSettings(browser, driverCache, timeout, navigationTimeout, settleTimeout, keepWarm,
                visibleBrowserEnvironment);
    }

    public PlaywrightSettings withKeepWarm(Duration duration) {
        return new PlaywrightSettings(browser, driverCache, stepTimeout, navigationTimeout, settleTimeout, duration,
                visibleBrowserEnvironment);
    }

    public PlaywrightSettings withBrowser(Optional<Path> executable) {
        return new PlaywrightSettings(executable, driverCache, stepTimeout, navigationTimeout, settleTimeout, keepWarm,
                visibleBrowserEnvironment);
    }

    public PlaywrightSettings withVisibleBrowserEnvironment(Map<String, String> environment) {
        return new PlaywrightSettings(browser, driverCache, stepTimeout, navigationTimeout, settleTimeout, keepWarm,
                environment);
    }
}
