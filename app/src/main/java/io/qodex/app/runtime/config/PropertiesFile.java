package io.qodex.app.runtime.config;

import io.qodex.domain.common.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A small properties file written atomically with mode 0600 (it may hold the sign-up login's password); several
 * processes may write it at once (each through its own temporary file; the last rename wins).
 */
final class PropertiesFile {

    private PropertiesFile() {
    }

    static Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return properties;
    }

    static synchronized void store(Path file, Properties properties, String comment) {
        try {
            PrivateFiles.createDirectories(file.getParent());
            PrivateFiles.write(file, out -> properties.store(out, comment));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
