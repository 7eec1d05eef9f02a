package io.qodex.app.adapters.files;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * "Export storageState": writes a captured session as a Playwright storageState JSON file
 * ({@code browser.newContext(storageState: file)}), readable by the owner only (0600 where the file system knows it).
 */
public final class StorageStateFile {

    /** What the UI and the CLI show before writing. */
    public static final String WARNING = "This file logs anyone who has it in as this profile until the session "
            + "expires: keep it private and delete it when done.";

    private StorageStateFile() {
    }

    public static void write(Path target, Secret storageState) {
        Path folder = target.toAbsolutePath().getParent();
        Path temporary = null;
        byte[] bytes = storageState.utf8();
        try {
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, ".storage-state-", ".tmp");
            restrictToOwner(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
        } catch (IOException e) {
            throw QodexException.unavailable("Could not write the storageState file " + target + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            Files.setPosixFilePermissions(file, ownerOnly);
        }
    }
}
