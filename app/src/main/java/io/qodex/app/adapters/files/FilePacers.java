package io.qodex.app.adapters.files;

import io.qodex.domain.common.PrivateFiles;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.scenario.Pacer;
import io.qodex.domain.scenario.RequestPacer;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pacers shared by every process of this computer that uses the same QODEX_HOME and database: CI starts many
 * {@code qodex scenarios run} at once, and together they keep to the environment's rate (docs/decisions/0023). Each
 * environment has a 0600 file of 128 KB under {@code $QODEX_HOME/pacers/}, mapped into memory by every process that
 * uses it: the requests in flight and those finished in the last second, each with its process id, start and end on
 * the computer's monotonic clock
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
    private static final int MAGIC = 0x51504302;
    private static final int MAX_SLOTS = 4096;
    private static final int HEADER = 4 * Integer.BYTES;
    private static final int SLOT = 4 * Long.BYTES;
    private static final long IN_FLIGHT = Long.MIN_VALUE;

    /**
     * Every pacer file this JVM has open, whichever FilePacers opened it: a file lock is held for the whole JVM, so
     * two channels on one file in one JVM would not wait for each other; one channel and its monitor per file do.
     */
    private static final Map<Path, Shared> FILES = new ConcurrentHashMap<>();

    private final Path directory;
    private final String database;
    private final Map<Long, RequestPacer> fallbacks = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final long pid = ProcessHandle.current().pid();

    /**
     * One environment's file, mapped: a header (magic, the number of slots ever used) and a table of slots (id, process
     * id, start, end; id 0 is a free slot; an end of {@code Long.MIN_VALUE} is a request in flight).
     */
    private record Shared(FileChannel channel, MappedByteBuffer table) {
    }

    /** A slot as tests write it. */
    record Slot(long id, long pid, long started, long finished) {
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

    /** The environment's file, opened again if an interrupt closed it (file channels close when interrupted). */
    private Shared shared(long environmentId) {
        return FILES.computeIfAbsent(file(environmentId), FilePacers::open);
    }

    Path file(long environmentId) {
        return directory.resolve(hash(database + "/" + environmentId) + ".pacer");
    }

    private static Shared open(Path file) {
        try {
            PrivateFiles.createDirectories(file.getParent());
            FileChannel channel = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new Shared(channel, channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER + (long) MAX_SLOTS * SLOT));
        } catch (IOException e) {
            throw new IllegalStateException("cannot use " + file.getParent() + ": " + e.getMessage(), e);
        }
    }

    private Optional<Pacer.Permit> acquire(long environmentId, int rate, CancelSignal cancel) {
        while (!cancel.cancelled() && !Thread.currentThread().isInterrupted()) {
            long wait = 5_000_000L;
            Shared shared = shared(environmentId);
            try {
                synchronized (shared) {
                    FileLock lock = shared.channel().lock();
                    try {
                        MappedByteBuffer table = shared.table();
                        int used = prepare(table);
                        long now = System.nanoTime();
                        int active = 0;
                        int free = -1;
                        for (int i = 0; i < used; i++) {
                            int at = HEADER + i * SLOT;
                            long id = table.getLong(at);
                            long finished = table.getLong(at + 3 * Long.BYTES);
                            if (id != 0 && finished != IN_FLIGHT && now - finished >= SECOND) {
                                table.putLong(at, 0); // finished more than a second ago
                                id = 0;
                            } else if (id != 0 && finished == IN_FLIGHT && now - table.getLong(at + 2 * Long.BYTES) > STALE
                                    && !alive(table.getLong(at + Long.BYTES))) {
                                table.putLong(at, 0); // its process is gone
                                id = 0;
                            }
                            if (id == 0) {
                                free = free < 0 ? i : free;
                            } else {
                                active++;
                                if (finished != IN_FLIGHT) {
                                    wait = Math.min(wait, finished + SECOND - now);
                                }
                            }
                        }
                        if (free < 0 && used < MAX_SLOTS) {
                            free = used;
                            table.putInt(Integer.BYTES, used + 1);
                        }
                        if (active < rate && free >= 0) {
                            long id = random.nextLong() | 1; // never 0
                            int at = HEADER + free * SLOT;
                            table.putLong(at + Long.BYTES, pid).putLong(at + 2 * Long.BYTES, now)
                                    .putLong(at + 3 * Long.BYTES, IN_FLIGHT).putLong(at, id);
                            int slot = free;
                            return Optional.of(() -> finish(environmentId, slot, id));
                        }
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

    /** The number of slots ever used; a file that is new or not a pacer's is cleared first. */
    private static int prepare(MappedByteBuffer table) {
        int used = table.getInt(Integer.BYTES);
        if (table.getInt(0) != MAGIC || used < 0 || used > MAX_SLOTS) {
            for (int at = 0; at < HEADER + MAX_SLOTS * SLOT; at += Long.BYTES) {
                table.putLong(at, 0);
            }
            table.putInt(0, MAGIC);
            return 0;
        }
        return used;
    }

    private void finish(long environmentId, int slot, long id) {
        Shared shared = shared(environmentId);
        try {
            synchronized (shared) {
                FileLock lock = shared.channel().lock();
                try {
                    int at = HEADER + slot * SLOT;
                    if (shared.table().getLong(at) == id) {
                        shared.table().putLong(at + 3 * Long.BYTES, System.nanoTime());
                    }
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

    /** Writes a table of slots in the file format (for tests that set up what another process left). */
    static void write(Path file, List<Slot> slots) {
        Shared shared = FILES.computeIfAbsent(file, FilePacers::open);
        synchronized (shared) {
            MappedByteBuffer table = shared.table();
            table.putInt(0, 0); // not a pacer's: prepare clears it
            prepare(table);
            for (int i = 0; i < slots.size(); i++) {
                Slot slot = slots.get(i);
                table.putLong(HEADER + i * SLOT, slot.id()).putLong(HEADER + i * SLOT + Long.BYTES, slot.pid())
                        .putLong(HEADER + i * SLOT + 2 * Long.BYTES, slot.started())
                        .putLong(HEADER + i * SLOT + 3 * Long.BYTES, slot.finished());
            }
            table.putInt(Integer.BYTES, slots.size());
        }
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
