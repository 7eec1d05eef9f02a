package io.qodex.app.adapters.files;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.LocalPins;
import io.qodex.domain.common.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The user's roster pins in one 0600 file under QODEX_HOME ({@code pins/<database>/<user id>.properties}): one line
 * per chain, {@code project.42=7:<hex hash>}. Writes are serialised by a lock file and replace the file atomically, so
 * several qodex processes can pin at once.
 */
public final class PinFile implements LocalPins {

    /** One monitor per file in this JVM: a file lock is held by the process, so threads must take turns first. */
    private static final java.util.concurrent.ConcurrentMap<Path, Object> MONITORS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;

    public PinFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    @Override
    public Optional<Pinned> get(KeyScope scope, long ownerId) {
        return get(read(), scope, ownerId);
    }

    @Override
    public void put(KeyScope scope, long ownerId, Pinned pinned) {
        synchronized (MONITORS.computeIfAbsent(file, f -> new Object())) {
            putLocked(scope, ownerId, pinned);
        }
    }

    @SuppressWarnings("try") // the file lock is held for the block's duration, never referenced
    private void putLocked(KeyScope scope, long ownerId, Pinned pinned) {
        try {
            PrivateFiles.createDirectories(file.getParent());
            Path lock = file.resolveSibling(file.getFileName() + ".lock");
            PrivateFiles.createIfAbsent(lock);
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock held = channel.lock()) {
                Properties pins = read();
                Optional<Pinned> kept = get(pins, scope, ownerId);
                if (kept.isPresent() && kept.get().epoch() >= pinned.epoch()) {
                    return;
                }
                pins.setProperty(key(scope, ownerId), pinned.epoch() + ":" + HexFormat.of().formatHex(pinned.head()));
                Path temporary = PrivateFiles.temporaryFileIn(file.getParent(), "pins");
                try (OutputStream out = Files.newOutputStream(temporary)) {
                    pins.store(out, "Key rosters this computer verified. Never edit by hand.");
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the roster pin in " + file + ": " + e.getMessage(), e);
        }
    }

    private Optional<Pinned> get(Properties pins, KeyScope scope, long ownerId) {
        String value = pins.getProperty(key(scope, ownerId));
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        try {
            return Optional.of(new Pinned(Integer.parseInt(value.substring(0, colon)),
                    HexFormat.of().parseHex(value.substring(colon + 1))));
        } catch (RuntimeException e) {
            throw QodexException.integrity("The local roster pin file " + file + " is damaged (" + key(scope, ownerId)
                    + "): refused. Delete the line only if you know why it changed.");
        }
    }

    private Properties read() {
        Properties pins = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                pins.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return pins;
    }

    private static String key(KeyScope scope, long ownerId) {
        return scope.name().toLowerCase(Locale.ROOT) + "." + ownerId;
    }
}
