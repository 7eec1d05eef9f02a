package io.qodex.domain.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Files only their owner may read, for everything under QODEX_HOME (docs/security.md): directories are created with
 * mode 0700 and files with mode 0600 from the first moment (the permission is an attribute of the creating call, or
 * the content is written to a 0600 temporary file and renamed), never created readable and tightened afterwards.
 * Safe when several processes do the same at once: a directory someone else just created is fine, temporary names
 * are unique, renames are atomic. Where the file system has no POSIX permissions (Windows) the user's profile
 * folder is private already and files are created the plain way.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    /** Writes a file's content (may throw). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private PrivateFiles() {
    }

    /**
     * Creates a directory and its missing parents with mode 0700; the directory itself ends up 0700 even if it
     * existed (its existing parents are left alone: they may be the user's home or /tmp).
     */
    public static Path createDirectories(Path directory) throws IOException {
        if (!posix(directory)) {
            return Files.createDirectories(directory);
        }
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
        if (!Files.getPosixFilePermissions(directory).equals(DIRECTORY)) {
            Files.setPosixFilePermissions(directory, DIRECTORY);
        }
        return directory;
    }

    /** Creates an empty 0600 file unless it exists (whoever creates it first, this process or another). */
    public static Path createIfAbsent(Path file) throws IOException {
        try {
            if (posix(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException existing) {
            // created before, or by another process at the same moment
        }
        return file;
    }

    /**
     * Replaces a file's content atomically: written to a unique 0600 temporary file beside it, then renamed over
     * it. Readers see the old content or the new, never a part, and never a readable file.
     */
    public static void write(Path file, Content content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = temporaryFileIn(directory, "." + file.getFileName() + ".");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A new, empty, uniquely named 0600 file in a directory (for content that is renamed into place). */
    public static Path temporaryFileIn(Path directory, String prefix) throws IOException {
        return posix(directory)
                ? Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(FILE))
                : Files.createTempFile(directory, prefix, ".tmp");
    }

    /** Opens a file, creating it with mode 0600 if it is missing ({@code options} should include CREATE). */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> chosen = Set.of(options);
        return posix(file)
                ? FileChannel.open(file, chosen, PosixFilePermissions.asFileAttribute(FILE))
                : FileChannel.open(file, chosen);
    }

    /** Appends bytes to a file, creating it with mode 0600 if it is missing. */
    public static void append(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /**
     * Takes the group's and others' permissions away from everything under {@code root} (made by older versions, or
     * unpacked by a library): directories become 0700, files keep only their owner's bits (0644 becomes 0600, an
     * executable 0755 becomes 0700). Symbolic links and the subtrees {@code skip} accepts are left alone; entries
     * that disappear meanwhile (another process) or are not ours are passed over.
     *
     * @return how many entries were changed
     */
    public static int restrictTree(Path root, Predicate<Path> skip) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) || !posix(root)) {
            return 0;
        }
        int[] changed = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                if (skip.test(directory)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                restrict(directory, DIRECTORY);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && !skip.test(file)) {
                    try {
                        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                        Set<PosixFilePermission> ownerOnly = EnumSet.noneOf(PosixFilePermission.class);
                        ownerOnly.addAll(permissions);
                        ownerOnly.retainAll(OWNER);
                        restrict(file, ownerOnly);
                    } catch (IOException e) {
                        passOver(file, e);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                passOver(file, e);
                return FileVisitResult.CONTINUE;
            }

            private void restrict(Path path, Set<PosixFilePermission> wanted) {
                try {
                    if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
                        Files.setPosixFilePermissions(path, wanted);
                        changed[0]++;
                    }
                } catch (IOException e) {
                    passOver(path, e);
                }
            }
        });
        return changed[0];
    }

    private static void passOver(Path path, IOException e) {
        if (!(e instanceof NoSuchFileException)) {
            // looked up here, not in a static field: the log file appender creates its file through this class
            LoggerFactory.getLogger(PrivateFiles.class).warn("Could not make {} private: {}", path,
                    e instanceof AccessDeniedException ? "not ours" : e.getMessage());
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
