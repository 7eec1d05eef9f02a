package io.qodex.app.adapters.browser;

import io.qodex.domain.common.QodexException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds the machine's Chromium or Chrome (Playwright never downloads a browser here): the configured path
 * ({@code QODEX_BROWSER} or {@code browser.path} in Application settings) if set, else the first of the usual install
 * locations.
 */
public final class BrowserLocator {

    static final List<String> LINUX = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium",
            "/opt/google/chrome/chrome", "/usr/bin/microsoft-edge");
    static final List<String> MAC = List.of("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge");
    static final List<String> WINDOWS = List.of("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
            "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe",
            "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe");

    private final List<String> candidates;
    private final Predicate<Path> isExecutable;

    BrowserLocator(List<String> candidates, Predicate<Path> isExecutable) {
        this.candidates = candidates;
        this.isExecutable = isExecutable;
    }

    /** The usual locations of this operating system. */
    public static BrowserLocator forThisMachine() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> candidates = os.contains("mac") ? MAC : os.contains("win") ? WINDOWS : LINUX;
        return new BrowserLocator(candidates, path -> Files.isRegularFile(path) && Files.isExecutable(path));
    }

    /** The browser to launch; a clear, actionable error when there is none. */
    public Path locate(Optional<Path> configured) {
        if (configured.isPresent()) {
            Path path = configured.get();
            if (!isExecutable.test(path)) {
                throw QodexException.unavailable("The browser set in Application settings (QODEX_BROWSER / browser.path) "
                        + "is not an executable file: " + path + ". Point it at Chromium or Chrome.", null);
            }
            return path;
        }
        for (String candidate : candidates) {
            Path path = Paths.get(candidate);
            if (isExecutable.test(path)) {
                return path;
            }
        }
        throw QodexException.unavailable("No Chromium or Chrome found (looked for " + String.join(", ", candidates)
                + "). Install one (on Debian: apt-get install chromium) or set its path in Application settings "
                + "(QODEX_BROWSER).", null);
    }
}
