package io.qodex.app.adapters.files;

import io.qodex.domain.common.PrivateFiles;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.scenario.Pacer;
import io.qodex.domain.scenario.RequestPacer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pacers shared by every process of this computer that uses the same QODEX_HOME and database: CI starts many
 * {@code qodex scenarios run} at once, and together they keep to the environment's rate (docs/decisions/0023). Each
 * environment has a small 0600 file under {@code $QODEX_HOME/pacers/}: the requests in flight and those finished in
 * the last second, each with its process id, start and end on the computer's monotonic clock
 * ({@link System#nanoTime()}, which is one clock for all processes of a Linux, macOS or Windows computer). A request
 * starts under an exclusive file lock only while fewer than the rate are listed; a request left in flight by a process
 * that died is forgotten once that process is gone. When the file cannot be used (a read-only home), the environment
 * is paced in this process only, and the log says so.
 */
public final class FilePacers implements Pacer.Source {

    private static final Logger LOG = LoggerFactory.getLogger(FilePacers.class);
    private static final long SECOND = 1_000_000_000L;
    /** A request listed in flight for longer than this is checked: is its process still there? */
    private static final long STALE = 45 * SECOND;
    private static final int MAGIC = 0x51504301;
    private static final int MAX_SLOTS = 4096;
    private static final int SLOT_BYTES = 4 * Long.BYTES;

    private final Path directory;
    private final String database;
    /**
     * Every pacer file this JVM has open, whichever FilePacers opened it: a file lock is held for the whole JVM, so
     * two channels on one file in one JVM would not wait for each other; one channel and its monitor per file do.
     */
    private static final Map<Path, Shared> FILES = new ConcurrentHashMap<>();
    private final Map<Long, RequestPacer> fallbacks = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final long pid = ProcessHandle.current().pid();

    /** One environment's file, with the lock this JVM's threads take before the file lock (which is per process). */
    private record Shared(FileChannel channel) {
    }

    record Slot(long id, long pid, long started, long finished) {
        boolean inFlight() {
            return finished == Long.MIN_VALUE;
        }
    }

    /** @param database the database's identity: environments of two databases never share a file */
    public FilePacers(Path directory, String database) {
        this.directory = directory;
        this.database = database;
    }

    @Override
    public Pacer of(EnvironmentSummary environment) {
        int rate = environment.constraints().maxRequestsPerSecond();
        try {
            shared(environment.id());
            return cancel -> acquire(environment.id(), rate, cancel);
        } catch (IllegalStateException e) {
            LOG.warn("Pacing requests to environment {} in this process only: {}", environment.id(), e.getMessage());
            return fallbacks.computeIfAbsent(environment.id(), id -> new RequestPacer(rate));
        }
    }

    private Shared open(Path file) {
        try {
            PrivateFiles.createDirectories(file.getParent());
            return new Shared(PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new IllegalStateException("cannot use " + file.getParent() + ": " + e.getMessage(), e);
        }
    }

    /** The environment's file, opened again if an interrupt closed it (file channels close when interrupted). */
    private Shared shared(long environmentId) {
        return FILES.computeIfAbsent(file(environmentId), this::open);
    }

    Path file(long environmentId) {
        return directory.resolve(hash(database + "/" + environmentId) + ".pacer");
    }

    private Optional<Pacer.Permit> acquire(long environmentId, int rate, CancelSignal cancel) {
        while (!cancel.cancelled() && !Thread.currentThread().isInterrupted()) {
            long wait;
            Shared shared = shared(environmentId);
            try {
                synchronized (shared) {
                    FileLock lock = shared.channel().lock();
                    try {
                        List<Slot> slots = read(shared.channel());
                        long now = System.nanoTime();
                        slots.removeIf(s -> !s.inFlight() && now - s.finished() >= SECOND);
                        slots.removeIf(s -> s.inFlight() && now - s.started() > STALE && !alive(s.pid()));
                        if (slots.size() < rate) {
                            long id = random.nextLong();
                            slots.add(new Slot(id, pid, now, Long.MIN_VALUE));
                            write(shared.channel(), slots);
                            return Optional.of(() -> finish(environmentId, id));
                        }
                        write(shared.channel(), slots);
                        wait = slots.stream().filter(s -> !s.inFlight()).mapToLong(s -> s.finished() + SECOND - now)
                                .min().orElse(5_000_000L);
                    } finally {
                        lock.release();
                    }
                }
            } catch (java.nio.channels.ClosedChannelException e) {
                FILES.remove(file(environmentId), shared);
                continue;
            } catch (IOException e) {
                throw new IllegalStateException("The request pacer " + directory + " cannot be used: " + e.getMessage(),
                        e);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(50, wait / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void finish(long environmentId, long id) {
        Shared shared = shared(environmentId);
        try {
            synchronized (shared) {
                FileLock lock = shared.channel().lock();
                try {
                    List<Slot> slots = read(shared.channel());
                    long now = System.nanoTime();
                    slots.replaceAll(s -> s.id() == id ? new Slot(id, s.pid(), s.started(), now) : s);
                    write(shared.channel(), slots);
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            FILES.remove(file(environmentId), shared); // closed by an interrupt: opened again on next use
            // the request stays listed in flight until this process ends: later requests wait longer, never less
            LOG.warn("A finished request could not be noted in the pacer {}: {}", directory, e.getMessage());
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The slots in the file; a file that is empty, foreign or cut short reads as no slots. */
    static List<Slot> read(FileChannel channel) throws IOException {
        List<Slot> slots = new ArrayList<>();
        long size = channel.size();
        if (size < 2 * Integer.BYTES) {
            return slots;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, 2L * Integer.BYTES + (long) MAX_SLOTS * SLOT_BYTES));
        channel.read(buffer, 0);
        buffer.flip();
        if (buffer.getInt() != MAGIC) {
            return slots;
        }
        int count = buffer.getInt();
        if (count < 0 || count > MAX_SLOTS || buffer.remaining() < count * SLOT_BYTES) {
            return slots;
        }
        for (int i = 0; i < count; i++) {
            slots.add(new Slot(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong()));
        }
        return slots;
    }

    static void write(FileChannel channel, List<Slot> slots) throws IOException {
        List<Slot> kept = slots.size() > MAX_SLOTS ? slots.subList(slots.size() - MAX_SLOTS, slots.size()) : slots;
        ByteBuffer buffer = ByteBuffer.allocate(2 * Integer.BYTES + kept.size() * SLOT_BYTES);
        buffer.putInt(MAGIC).putInt(kept.size());
        for (Slot slot : kept) {
            buffer.putLong(slot.id()).putLong(slot.pid()).putLong(slot.started()).putLong(slot.finished());
        }
        buffer.flip();
        channel.write(buffer, 0);
        channel.truncate(buffer.limit());
    }

    private static String hash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
