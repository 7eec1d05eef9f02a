package io.qodex.app.cli.resident;

import io.qodex.app.cli.CliMain;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.config.AppConfig;
import io.qodex.app.runtime.config.QodexHome;
import io.qodex.domain.common.PrivateFiles;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CLI's background process (decision 0028): one per QODEX_HOME and build, started by the first command it could
 * have answered. It keeps the backend open (the embedded server running, the JVM warm) and runs the read commands
 * of {@link Resident#ANSWERED} for {@code qodex} processes that connect to its socket in {@code $QODEX_HOME/run}
 * (0700: only this OS user). Each command signs in with the password it brings, as it would in its own process;
 * nothing of a sign-in is kept between commands. It stops after {@code QODEX_IDLE_STOP} without a command, and
 * stops the embedded server it started unless another process still uses it.
 */
public final class ResidentServer {

    /** How this process's connections are named in {@code pg_stat_activity}: its own, not another build's. */
    static final String APPLICATION_NAME = "qodex-operator-background-" + ProcessHandle.current().pid();

    /** At most this many arguments, and this many environment variables, in one request. */
    static final int MAX_ITEMS = 1_000;

    private final QodexHome home;
    private final Map<String, String> environment;
    private final Duration idle;
    private final AtomicInteger active = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "qodex-cli-command");
        thread.setDaemon(true);
        return thread;
    });
    private final Logger log = LoggerFactory.getLogger(ResidentServer.class);
    private volatile Instant lastUsed = Instant.now();
    private final AtomicInteger answered = new AtomicInteger();
    private @Nullable Backend backend;
    private @Nullable ServerSocketChannel listener;
    private Map<String, String> settings = Map.of();
    private String configStamp = "";

    private ResidentServer(QodexHome home, Map<String, String> environment) {
        this.home = home;
        this.environment = environment;
        this.idle = Resident.idleStop(home.path(), environment);
    }

    public static void main(String[] args) {
        QodexHome home = QodexHome.resolve(System.getenv());
        System.setProperty("qodex.log.dir", home.logs().toString());
        Backend.nameConnections(APPLICATION_NAME);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("QODEX_HOME", home.path().toString());
        System.exit(new ResidentServer(home.ensureExists(), environment).serve());
    }

    private int serve() {
        if (idle.isZero()) {
            return 0;
        }
        Path socket = Resident.socket(home.path());
        try (FileChannel lockChannel = FileChannel.open(privateRunFile(Resident.lock(home.path())),
                StandardOpenOption.WRITE);
             FileLock lock = lockChannel.tryLock()) {
            if (lock == null) {
                return 0; // another one runs (or is starting) for this home and build
            }
            Files.deleteIfExists(socket); // left by one that did not stop cleanly: the lock says it is gone
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
                listener = server;
                settings = settings(environment);
                configStamp = configStamp();
                backend = Backend.open(AppConfig.load(home, environment), step -> { });
                log.info("Background process {} answers commands on {} (stops after {} idle)",
                        ProcessHandle.current().pid(), socket, idle);
                writeStatus();
                Thread watchdog = new Thread(this::stopWhenIdle, "qodex-cli-idle");
                watchdog.setDaemon(true);
                watchdog.start();
                accept(server);
            } finally {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(Resident.statusFile(home.path()));
                close();
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            log.warn("The background process stopped: {}", e.toString());
            return 1;
        }
    }

    private Path privateRunFile(Path file) throws IOException {
        PrivateFiles.createDirectories(file.getParent());
        return PrivateFiles.createIfAbsent(file);
    }

    private void accept(ServerSocketChannel server) throws IOException {
        while (true) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException stopped) {
                return;
            }
            active.incrementAndGet();
            workers.execute(() -> {
                try (connection) {
                    answer(connection);
                } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
                    log.info("A command's connection ended: {}", e.toString());
                } finally {
                    lastUsed = Instant.now();
                    active.decrementAndGet();
                    if (server.isOpen()) {
                        writeStatus();
                    }
                }
            });
        }
    }

    private void answer(SocketChannel connection) throws IOException {
        if (!Resident.sameUser(connection)) {
            log.warn("Refused a connection from another user");
            return;
        }
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(connection)));
        DataOutputStream out = new DataOutputStream(Channels.newOutputStream(connection));
        if (in.readInt() != ResidentClient.MAGIC) {
            return;
        }
        byte kind = in.readByte();
        if (kind == ResidentClient.STOP) {
            exit(out, 0);
            stop();
            return;
        }
        int argumentCount = in.readInt();
        if (argumentCount < 0 || argumentCount > MAX_ITEMS) {
            return; // not what a qodex process sends
        }
        String[] args = new String[argumentCount];
        for (int i = 0; i < args.length; i++) {
            args[i] = ResidentClient.readString(in);
        }
        int count = in.readInt();
        if (count < 0 || count > MAX_ITEMS) {
            return;
        }
        Map<String, String> commandEnvironment = new HashMap<>();
        for (int i = 0; i < count; i++) {
            commandEnvironment.put(ResidentClient.readString(in), ResidentClient.readString(in));
        }
        if (!Resident.answers(args, commandEnvironment) || !settings(commandEnvironment).equals(settings)
                || !configStamp().equals(configStamp)) {
            synchronized (out) {
                out.writeByte(ResidentClient.DECLINED);
                out.flush();
            }
            return;
        }
        commandEnvironment.put("QODEX_HOME", home.path().toString());
        PrintWriter stdout = new PrintWriter(new FrameWriter(out, ResidentClient.OUT), true);
        PrintWriter stderr = new PrintWriter(new FrameWriter(out, ResidentClient.ERR), true);
        int code = CliMain.run(args, commandEnvironment, new BufferedReader(new StringReader("")), stdout, stderr,
                liveBackend());
        answered.incrementAndGet();
        stdout.flush();
        stderr.flush();
        exit(out, code);
    }

    private static void exit(DataOutputStream out, int code) throws IOException {
        synchronized (out) {
            out.writeByte(ResidentClient.EXIT);
            out.writeInt(code);
            out.flush();
        }
    }

    /** The backend, opened again if the embedded server it used is gone ({@code qodex db stop}, a crash). */
    private synchronized Backend liveBackend() {
        Backend current = backend;
        if (current != null && current.serverGone()) {
            log.info("The embedded server stopped under the background process; starting it again");
            current.close();
            current = null;
        }
        if (current == null) {
            current = Backend.open(AppConfig.load(home, environment), step -> { });
            backend = current;
        }
        return current;
    }

    private void stopWhenIdle() {
        while (listener != null && listener.isOpen()) {
            try {
                Thread.sleep(Math.min(1000, Math.max(50, idle.toMillis() / 10)));
            } catch (InterruptedException e) {
                return;
            }
            if (active.get() == 0 && Duration.between(lastUsed, Instant.now()).compareTo(idle) >= 0) {
                if (othersUseTheServer()) {
                    lastUsed = Instant.now(); // the window or another command still works on it: look again later
                    writeStatus();
                } else {
                    log.info("Idle for {}: stopping", idle);
                    stop();
                }
            }
        }
    }

    /** True if a process other than this one is connected to the embedded server. */
    private synchronized boolean othersUseTheServer() {
        Backend current = backend;
        return current != null && current.othersConnected(APPLICATION_NAME);
    }

    private void stop() {
        ServerSocketChannel server = listener;
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                log.info("Closing the socket: {}", e.toString());
            }
        }
    }

    private synchronized void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (backend != null) {
            backend.close(); // stops the embedded server if this process started it
            backend = null;
        }
    }

    /**
     * {@code qodex db status} reads it: who runs, since when, and when it stops if nobody uses it. Synchronized so
     * that commands finishing together cannot leave an older count on disk after a newer one.
     */
    private synchronized void writeStatus() {
        java.util.Properties status = new java.util.Properties();
        status.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        status.setProperty("idle-stop-seconds", Long.toString(idle.toSeconds()));
        status.setProperty("last-used", lastUsed.toString());
        status.setProperty("build", Resident.build());
        status.setProperty("answered", Integer.toString(answered.get()));
        try {
            PrivateFiles.write(Resident.statusFile(home.path()), stream -> status.store(stream, null));
        } catch (IOException e) {
            log.info("Could not write the background status: {}", e.toString());
        }
    }

    /**
     * The settings that shape the backend: QODEX_* variables except those of one command, the home (the socket is in
     * it) and the idle period (the process's own).
     */
    static Map<String, String> settings(Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("QODEX_") && !Resident.PER_COMMAND.contains(name) && !name.equals("QODEX_HOME")
                    && !name.equals(Resident.IDLE_VARIABLE)) {
                settings.put(name, value);
            }
        });
        return settings;
    }

    private String configStamp() {
        try {
            Path file = home.configFile();
            return Files.exists(file) ? Files.getLastModifiedTime(file) + "/" + Files.size(file) : "none";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** A Writer whose every flush is one frame of the given kind on the command's connection. */
    private static final class FrameWriter extends Writer {
        private final DataOutputStream out;
        private final byte kind;
        private final StringBuilder pending = new StringBuilder();

        FrameWriter(DataOutputStream out, byte kind) {
            this.out = out;
            this.kind = kind;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            pending.append(buffer, offset, length);
        }

        @Override
        public void flush() throws IOException {
            if (pending.length() == 0) {
                return;
            }
            byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
            pending.setLength(0);
            synchronized (out) {
                out.writeByte(kind);
                out.writeInt(bytes.length);
                ((OutputStream) out).write(bytes);
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
