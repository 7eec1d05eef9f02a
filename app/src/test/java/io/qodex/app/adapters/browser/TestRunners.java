package io.qodex.app.adapters.browser;

import io.qodex.app.adapters.browser.PlaywrightLoginRunner;
import io.qodex.app.adapters.browser.BrowserLocator;
import io.qodex.app.adapters.browser.PlaywrightSettings;
import io.qodex.app.testing.XvfbDisplay;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Login runners for tests: the machine's Chromium, the driver cached under target/, short step timeouts. */
final class TestRunners {

    /** Shared by every test JVM of this module: unpacked once per build. */
    static final Path DRIVER_CACHE = Path.of("target", "playwright-cache").toAbsolutePath();

    private TestRunners() {
    }

    static PlaywrightSettings settings() {
        String configured = System.getenv("QODEX_BROWSER");
        return PlaywrightSettings.defaults(Optional.ofNullable(configured).filter(p -> !p.isBlank()).map(Path::of),
                DRIVER_CACHE).withStepTimeout(Duration.ofSeconds(3));
    }

    /** Headless replays and checks only. */
    static PlaywrightLoginRunner headless(Clock clock) {
        return new PlaywrightLoginRunner(settings(), clock, BrowserLocator.forThisMachine());
    }

    /** Also records, in a visible browser on the test display. */
    static PlaywrightLoginRunner withDisplay() {
        return new PlaywrightLoginRunner(settings().withVisibleBrowserEnvironment(Map.of("DISPLAY", XvfbDisplay.display())),
                Clock.systemUTC(), BrowserLocator.forThisMachine());
    }
}
