package io.qodex.app.adapters.browser;

import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.impl.PlaywrightImpl;
import com.microsoft.playwright.impl.driver.jar.DriverJar;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Playwright's driver (Node.js and its scripts, ~130 MB) unpacked once into a cache folder and reused, instead of
 * into a new temporary folder by every {@code Playwright.create()} (2-4 s each on these machines). The folder is named
 * after the driver's version; a half-written folder is never used (it is unpacked beside and renamed when complete).
 * Like everything under QODEX_HOME it is private to the user (folders 0700, files 0600, programs 0700).
 */
final class PlaywrightDriver {

    static final String CLI_DIR_PROPERTY = "playwright.cli.dir";
    private static final Logger LOG = LoggerFactory.getLogger(PlaywrightDriver.class);
    private static final String COMPLETE_MARKER = ".qodex-complete";

    private PlaywrightDriver() {
    }

    /** A driver folder chosen before this class first looked ({@code -Dplaywright.cli.dir}; the packaged app ships one). */
    private static final @Nullable String PRESET = System.getProperty(CLI_DIR_PROPERTY);

    /**
     * Starts Playwright on the unpacked driver under {@code cacheRoot}, unpacking it first if needed; a preset driver
     * folder wins. {@code Playwright.create} would keep the first driver folder it saw for the rest of the JVM (a
     * static singleton), so a second runner with another cache (tests, each with its own QODEX_HOME) would start on a
     * folder that may be deleted by then ("Failed to launch driver"); {@code createImpl(options, true)} reads the
     * folder afresh each time, and choosing the folder and starting happen under one lock.
     */
    static synchronized Playwright create(Path cacheRoot, Playwright.CreateOptions options) {
        if (PRESET == null || PRESET.isBlank()) {
            Path folder = cacheRoot.resolve("playwright-driver-" + version());
            if (!Files.exists(folder.resolve(COMPLETE_MARKER))) {
                unpack(folder);
            }
            System.setProperty(CLI_DIR_PROPERTY, folder.toString());
        }
        return PlaywrightImpl.createImpl(options, true);
    }

    static void unpack(Path folder) {
        long started = System.nanoTime();
        Path staging = null;
        try {
            PrivateFiles.createDirectories(folder.getParent());
            staging = Files.createTempDirectory(folder.getParent(), folder.getFileName() + ".partial-"); // 0700
            DriverJar.installDriverTo(staging);
            PrivateFiles.restrictTree(staging, path -> false); // unpacked with the umask: owner only (node stays executable)
            PrivateFiles.createIfAbsent(staging.resolve(COMPLETE_MARKER));
            try {
                Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
                if (!Files.exists(folder.resolve(COMPLETE_MARKER))) {
                    deleteTree(folder);
                    Files.move(staging, folder);
                    staging = null;
                }
            }
            LOG.info("Unpacked the Playwright driver into {} in {} ms", folder, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            throw QodexException.unavailable("Could not unpack the browser driver into " + folder + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    /** The driver's version, from its Maven metadata (e.g. 1.62.0). */
    static String version() {
        try (InputStream in = DriverJar.class.getResourceAsStream(
                "/META-INF/maven/com.microsoft.playwright/driver/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("Could not delete {}: {}", path, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", root, e.getMessage());
        }
    }
}
