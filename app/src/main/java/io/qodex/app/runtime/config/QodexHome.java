package io.qodex.app.runtime.config;

import io.qodex.domain.common.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Where Qodex keeps its files: {@code $QODEX_HOME}, else the user's data directory ({@code $XDG_DATA_HOME/qodex} or
 * {@code ~/.local/share/qodex} on Linux, {@code ~/Library/Application Support/Qodex} on macOS,
 * {@code %APPDATA%\Qodex} on Windows). Private to the user (mode 0700).
 */
public record QodexHome(Path path) {

    /** Present once everything under the home has been made private (files of versions before that were not). */
    static final String PRIVATE_MARKER = ".private";

    public static QodexHome resolve(Map<String, String> environment) {
        String explicit = environment.get("QODEX_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return new QodexHome(Paths.get(explicit).toAbsolutePath());
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path userHome = Paths.get(System.getProperty("user.home"));
        if (os.contains("mac")) {
            return new QodexHome(userHome.resolve("Library/Application Support/Qodex"));
        }
        if (os.contains("win")) {
            String appData = environment.get("APPDATA");
            return new QodexHome(appData == null ? userHome.resolve("AppData/Roaming/Qodex") : Paths.get(appData, "Qodex"));
        }
        String xdg = environment.get("XDG_DATA_HOME");
        return new QodexHome((xdg == null || xdg.isBlank() ? userHome.resolve(".local/share") : Paths.get(xdg)).resolve("qodex"));
    }

    /**
     * Creates the folder (mode 0700) if needed and, once per home, takes the group's and others' permissions away
     * from what older versions left readable (outbox, logs, config); see {@link PrivateFiles#restrictTree}. The
     * embedded PostgreSQL's data directory is skipped: PostgreSQL keeps it 0700/0600 itself.
     */
    public QodexHome ensureExists() {
        try {
            PrivateFiles.createDirectories(path);
            Path marker = path.resolve(PRIVATE_MARKER);
            if (!Files.exists(marker)) {
                Path data = path.resolve("db").resolve("data");
                int changed = PrivateFiles.restrictTree(path, data::equals);
                PrivateFiles.createIfAbsent(marker);
                if (changed > 0) {
                    LoggerFactory.getLogger(QodexHome.class).info("Made {} entries under {} private to their owner",
                            changed, path);
                }
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    public Path outbox() {
        return path.resolve("outbox");
    }

    public Path logs() {
        return path.resolve("logs");
    }

    public Path configFile() {
        return path.resolve("config.properties");
    }

    public Path stateFile() {
        return path.resolve("state.properties");
    }

    public Path spool() {
        return path.resolve("spool");
    }
}
