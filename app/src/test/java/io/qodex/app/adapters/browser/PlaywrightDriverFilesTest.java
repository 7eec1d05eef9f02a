package io.qodex.app.adapters.browser;

import static org.assertj.core.api.Assertions.assertThat;

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
class PlaywrightDriverFilesTest {

    @TempDir
    Path home;

    @Test
    void theUnpackedDriverIsOwnerOnlyAndNodeStaysExecutable() throws IOException {
        Path folder = home.resolve("cache").resolve("playwright-driver-test");
        PlaywrightDriver.unpack(folder);

        Map<String, List<String>> modes;
        try (Stream<Path> paths = Files.walk(home.resolve("cache"))) {
            modes = paths.collect(Collectors.groupingBy(PlaywrightDriverFilesTest::mode,
                    Collectors.mapping(path -> home.relativize(path).toString(), Collectors.toList())));
        }
        assertThat(modes.keySet()).as("%s", modes.keySet()).isSubsetOf("rwx------", "rw-------");
        assertThat(modes.get("rw-------")).isNotEmpty();
        try (Stream<Path> paths = Files.walk(folder)) {
            Path node = paths.filter(path -> path.getFileName().toString().equals("node")).findFirst().orElseThrow();
            assertThat(Files.isExecutable(node)).isTrue();
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
