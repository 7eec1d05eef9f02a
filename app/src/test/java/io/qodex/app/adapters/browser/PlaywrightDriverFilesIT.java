package io.qodex.app.adapters.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver unpacked into $QODEX_HOME/cache is private to the user, and its programs still run. */
class PlaywrightDriverFilesIT {

    @TempDir
    Path home;

    @Test
    void theUnpackedDriverIsOwnerOnlyAndNodeStaysExecutable() throws IOException {
        Path folder = home.resolve("cache").resolve("playwright-driver-test");
        PlaywrightDriver.unpack(folder);

        Map<String, List<String>> modes;
        try (Stream<Path> paths = Files.walk(home.resolve("cache"))) {
            modes = paths.collect(Collectors.groupingBy(PlaywrightDriverFilesIT::mode,
                    Collectors.mapping(path -> home.relativize(path).toString(), Collectors.toList())));
        }
        assertThat(modes.keySet()).as("%s", modes.keySet()).isSubsetOf("rwx------", "rw-------");
        assertThat(modes.get("rw-------")).isNotEmpty();
        try (Stream<Path> paths = Files.walk(folder)) {
            Path node = paths.filter(path -> path.getFileName().toString().equals("node")).findFirst().orElseThrow();
            assertThat(Files.isExecutable(node)).isTrue();
        }
    }

    /** Regression: Playwright kept the first driver folder of the JVM, so a later runner started on a deleted one. */
    @Test
    void aSecondCacheIsUsedEvenAfterTheFirstIsDeleted(@TempDir Path first, @TempDir Path second) throws IOException {
        Playwright.CreateOptions options = new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"));
        try (Playwright playwright = PlaywrightDriver.create(first, options)) {
            assertThat(playwright.chromium().name()).isEqualTo("chromium");
        }
        try (Stream<Path> paths = Files.walk(first)) {
            paths.sorted(java.util.Comparator.reverseOrder()).filter(path -> !path.equals(first)).forEach(path -> path.toFile().delete());
        }
        try (Playwright playwright = PlaywrightDriver.create(second, options)) {
            assertThat(playwright.chromium().name()).isEqualTo("chromium");
        }
        assertThat(second.resolve("playwright-driver-" + PlaywrightDriver.version())).isDirectory();
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
