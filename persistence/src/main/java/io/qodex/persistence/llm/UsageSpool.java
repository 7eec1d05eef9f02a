package io.qodex.persistence.llm;

import io.qodex.domain.llm.UsageRecord;
import io.qodex.domain.common.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage rows that could not reach the database, in append-only files under {@code $QODEX_HOME/spool}: one file per
 * writer ({@code usage-u<user id>-<random>.tsv}, locked while its writer lives), fsync'd after every append. Files of
 * writers that died are picked up by the next writer of the same user (rows are only accepted from their own user).
 * The folder is 0700 and every file 0600 from its creation.
 */
final class UsageSpool {

    private static final Logger LOG = LoggerFactory.getLogger(UsageSpool.class);

    private final Path directory;
    private final String prefix;
    private final Path own;
    private final Path rejected;
    private FileChannel channel;
    private FileLock lock;
    /** Whether rows may be waiting in a spool file (set on append, recomputed after a replay). */
    private volatile boolean dirty;

    /** Rows read from one spool file, and how to drop them once they are in the database. */
    interface Claim {
        List<UsageRecord> rows();

        /** True for the writer's own file (rows it recorded itself). */
        boolean own();

        /** The rows are in the database (or rejected): forget them. */
        void done() throws IOException;

        /** They are not: keep them for the next attempt. */
        void keep();
    }

    UsageSpool(Path directory, long userId) {
        this.directory = directory;
        this.prefix = "usage-u" + userId + "-";
        this.own = directory.resolve(prefix + UUID.randomUUID() + ".tsv");
        this.rejected = directory.resolve("rejected-u" + userId + ".tsv");
    }

    Path ownFile() {
        return own;
    }

    synchronized void append(List<UsageRecord> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        FileChannel out = open();
        StringBuilder text = new StringBuilder(rows.size() * 200);
        for (String line : SpoolLines.lines(rows)) {
            text.append(line).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        long position = out.size();
        while (bytes.hasRemaining()) {
            position += out.write(bytes, position);
        }
        out.force(false);
        dirty = true;
    }

    /** Cheap: whether rows may be waiting (see {@link #refresh()}). */
    boolean dirty() {
        return dirty;
    }

    /** Looks at the files again after a replay (or at start) and returns {@link #dirty()}. */
    synchronized boolean refresh() {
        dirty = hasRows();
        return dirty;
    }

    /** True if any spool file of this user holds rows (own or left by a writer that died). */
    synchronized boolean hasRows() {
        try {
            if (channel != null && channel.size() > 0) {
                return true;
            }
            if (!Files.isDirectory(directory)) {
                return false;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*.tsv")) {
                for (Path file : files) {
                    if (!file.equals(own) && Files.size(file) > 0) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            LOG.warn("Cannot look into the usage spool {}: {}", directory, e.getMessage());
            return false;
        }
    }

    /** Every spool file of this user that can be claimed now (not locked by a living writer), own file first. */
    synchronized List<Claim> claims() throws IOException {
        List<Claim> claims = new ArrayList<>();
        if (channel != null && channel.size() > 0) {
            claims.add(ownClaim());
        }
        if (!Files.isDirectory(directory)) {
            return claims;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*.tsv")) {
            for (Path file : files) {
                if (!file.equals(own)) {
                    orphanClaim(file).ifPresent(claims::add);
                }
            }
        }
        return claims;
    }

    synchronized void reject(List<UsageRecord> rows) throws IOException {
        PrivateFiles.createDirectories(directory);
        StringBuilder text = new StringBuilder();
        for (String line : SpoolLines.lines(rows)) {
            text.append(line).append('\n');
        }
        PrivateFiles.append(rejected, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    synchronized void close() {
        try {
            if (channel != null) {
                boolean empty = channel.size() == 0;
                lock.release();
                channel.close();
                channel = null;
                if (empty) {
                    Files.deleteIfExists(own);
                }
            }
        } catch (IOException e) {
            LOG.warn("Closing the usage spool {} failed: {}", own, e.getMessage());
        }
    }

    private FileChannel open() throws IOException {
        if (channel == null) {
            PrivateFiles.createDirectories(directory);
            channel = PrivateFiles.open(own, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            lock = channel.lock();
        }
        return channel;
    }

    private Claim ownClaim() throws IOException {
        long readUpTo = channel.size();
        List<UsageRecord> rows = read(channel, own);
        return new Claim() {
            @Override
            public List<UsageRecord> rows() {
                return rows;
            }

            @Override
            public boolean own() {
                return true;
            }

            @Override
            public void done() throws IOException {
                synchronized (UsageSpool.this) {
                    // rows appended while these were being written stay in the file
                    long size = channel.size();
                    ByteBuffer tail = ByteBuffer.allocate((int) (size - readUpTo));
                    long position = readUpTo;
                    while (tail.hasRemaining()) {
                        int read = channel.read(tail, position);
                        if (read < 0) {
                            break;
                        }
                        position += read;
                    }
                    tail.flip();
                    channel.truncate(0);
                    long at = 0;
                    while (tail.hasRemaining()) {
                        at += channel.write(tail, at);
                    }
                    channel.force(false);
                }
            }

            @Override
            public void keep() {
            }
        };
    }

    private Optional<Claim> orphanClaim(Path file) throws IOException {
        FileChannel orphan = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock orphanLock;
        try {
            orphanLock = orphan.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            orphanLock = null;
        }
        if (orphanLock == null) {
            orphan.close(); // a living writer's file
            return Optional.empty();
        }
        List<UsageRecord> rows = read(orphan, file);
        FileLock held = orphanLock;
        return Optional.of(new Claim() {
            @Override
            public List<UsageRecord> rows() {
                return rows;
            }

            @Override
            public boolean own() {
                return false;
            }

            @Override
            public void done() throws IOException {
                Files.deleteIfExists(file);
                held.release();
                orphan.close();
            }

            @Override
            public void keep() {
                try {
                    held.release();
                    orphan.close();
                } catch (IOException e) {
                    LOG.debug("Releasing {} failed", file, e);
                }
            }
        });
    }

    private static List<UsageRecord> read(FileChannel in, Path file) throws IOException {
        long size = in.size();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size));
        long position = 0;
        while (buffer.hasRemaining()) {
            int read = in.read(buffer, position);
            if (read < 0) {
                break;
            }
            position += read;
        }
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        List<UsageRecord> rows = new ArrayList<>();
        int unreadable = 0;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Optional<UsageRecord> row = SpoolLines.decode(line);
            if (row.isPresent()) {
                rows.add(row.get());
            } else {
                unreadable++;
            }
        }
        if (unreadable > 0) {
            LOG.warn("Skipped {} unreadable line(s) of the usage spool {}", unreadable, file);
        }
        return rows;
    }
}
