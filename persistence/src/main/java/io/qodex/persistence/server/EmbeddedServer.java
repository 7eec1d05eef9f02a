package io.qodex.persistence.server;

import io.qodex.domain.common.PrivateFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL (zonky, PostgreSQL 17) with its data directory under {@code $QODEX_HOME/db}, kept across
 * runs. It listens on 127.0.0.1 only, has no Unix socket, and authenticates every connection with scram-sha-256
 * (never {@code trust}); the superuser password is generated once and stored with mode 0600.
 * See docs/decisions/0003-embedded-postgresql.md.
 */
public final class EmbeddedServer implements AutoCloseable {

    public static final String DATABASE = "qodex";
    private static final String ZONKY_LOCK = "epg-lock";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    /** Servers this JVM started, by data directory: zonky holds a file lock on each until it is closed. */
    private static final Map<Path, EmbeddedPostgres> STARTED_HERE = new ConcurrentHashMap<>();

    private final Path directory;
    private final boolean durable;
    private EmbeddedPostgres postgres;
    private int port;

    private EmbeddedServer(Path directory, boolean durable) {
        this.directory = directory;
        this.durable = durable;
    }

    /** The server of an installation: data in {@code home/db/data}, durable (fsync and synchronous commit on). */
    public static EmbeddedServer forHome(Path qodexHome) {
        return new EmbeddedServer(qodexHome.resolve("db"), true);
    }

    /** A throw-away server for tests: speed over durability. */
    public static EmbeddedServer forTests(Path directory) {
        return new EmbeddedServer(directory, false);
    }

    public Path dataDirectory() {
        return directory.resolve("data");
    }

    public Path logFile() {
        return directory.resolve("postgres.log");
    }

    /**
     * Where the PostgreSQL binaries are unpacked, once per user for every {@code QODEX_HOME}: {@code qodex/postgres}
     * in the user's cache folder ({@code $XDG_CACHE_HOME}, else {@code ~/.cache}), made 0700. Processes that start at
     * once share it safely: zonky unpacks under a file lock.
     */
    static Path binariesDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("qodex").resolve("postgres");
    }

    /** The running server of this data directory, whoever started it. */
    public Optional<PostmasterStatus> status() {
        return PostmasterStatus.read(dataDirectory());
    }

    /**
     * Starts the server, or attaches to it if another process of this installation already runs it.
     *
     * @return true if this call started it (and {@link #close()} will stop it)
     */
    public synchronized boolean start() {
        Optional<PostmasterStatus> running = status();
        if (running.isPresent()) {
            port = running.get().port();
            return false;
        }
        try {
            createPrivateDirectory(directory);
            EmbeddedCredentials credentials = credentials();
            PrivateFiles.createIfAbsent(logFile()); // the server appends to it; created here so that it is 0600
            if (Files.exists(dataDirectory().resolve("postgresql.conf"))) {
                PrivateFiles.createIfAbsent(dataDirectory().resolve(ZONKY_LOCK)); // zonky would create it 0644
            }
            Path passwordFile = PrivateFiles.temporaryFileIn(directory, "initdb.pw.");
            try {
                Files.writeString(passwordFile, credentials.superuserPassword() + "\n", StandardCharsets.UTF_8);
                postgres = builder(credentials, passwordFile).start();
                STARTED_HERE.put(dataDirectory().toAbsolutePath(), postgres);
                PrivateFiles.createDirectories(binariesDirectory()); // zonky makes it writable by all as it unpacks
            } finally {
                Files.deleteIfExists(passwordFile);
            }
            port = postgres.getPort();
            LOG.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {}", port, dataDirectory());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start (see " + logFile() + "): "
                    + e.getMessage(), e);
        }
    }

    private EmbeddedPostgres.Builder builder(EmbeddedCredentials credentials, Path passwordFile) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory())
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(!durable)
                .setPort(choosePort())
                .setPGStartupWait(Duration.ofSeconds(60))
                // unpacked into a 0700 folder of this user, not the shared temporary folder, where another local
                // user could replace the binaries before they run with this user's rights (docs/security.md)
                .setOverrideWorkingDirectory(PrivateFiles.createDirectories(binariesDirectory()).toFile())
                // initdb options (zonky passes "locale config" entries to initdb as --key=value)
                .setLocaleConfig("pwfile", passwordFile.toString())
                .setLocaleConfig("auth-host", "scram-sha-256")
                .setLocaleConfig("auth-local", "scram-sha-256")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_connections", "200")
                .setConnectConfig("password", credentials.superuserPassword())
                .setDataDirectoryCustomizer(dir -> {
                    writeHostBasedAuthentication(dir.toPath());
                    restrictLockFile(dir.toPath());
                })
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        if (durable) {
            builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        }
        return builder;
    }

    /** Only TCP on 127.0.0.1, only scram-sha-256; written before every start so nothing else can creep in. */
    private static void writeHostBasedAuthentication(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    # Written by Qodex Operator at every start: loopback TCP only, SCRAM only, never trust.
                    # TYPE  DATABASE  USER  ADDRESS       METHOD
                    host    all       all   127.0.0.1/32  scram-sha-256
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * zonky's lock file in the data directory, which it creates with the umask after initdb on a first start (later
     * starts find the 0600 one made above). Empty, behind two 0700 folders; made 0600 like everything else.
     */
    private static void restrictLockFile(Path dataDirectory) {
        try {
            Path lock = dataDirectory.resolve(ZONKY_LOCK);
            if (Files.exists(lock)) {
                Files.setPosixFilePermissions(lock, OWNER_ONLY_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        if (port == 0) {
            port = status().map(PostmasterStatus::port)
                    .orElseThrow(() -> new IllegalStateException("The embedded PostgreSQL is not running."));
        }
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public DataSource superuserDataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port()});
        ds.setDatabaseName(database);
        ds.setUser("postgres");
        ds.setPassword(credentials().superuserPassword());
        ds.setConnectTimeout(10);
        return ds;
    }

    /** The embedded database once prepared: where it is, whose roles it has, their passwords. */
    public record Ready(String jdbcUrl, Installation installation, ServiceCredentials services) {
    }

    /** Creates the roles and the database if needed and migrates it. */
    public Ready provisionAndMigrate() {
        EmbeddedCredentials credentials = credentials();
        Installation installation;
        try {
            installation = ServerProvisioner.provision(superuserDataSource("postgres"), this::superuserDataSource,
                    DATABASE, credentials.services(), java.util.EnumSet.allOf(ServerProvisioner.Service.class),
                    credentials.installation()).installation();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the embedded database: " + e.getMessage(), e);
        }
        if (credentials.installation().isEmpty()) {
            EmbeddedCredentials.remember(directory.resolve("credentials.properties"), installation);
        }
        String url = jdbcUrl(DATABASE);
        SchemaMigrator.migrate(url, installation, credentials.services().ownerPassword());
        return new Ready(url, installation, credentials.services());
    }

    public EmbeddedCredentials credentials() {
        return EmbeddedCredentials.loadOrCreate(directory.resolve("credentials.properties"));
    }

    /** Stops the server whoever started it (fast shutdown: open sessions are ended). */
    public synchronized boolean stop() {
        if (postgres == null) {
            postgres = STARTED_HERE.get(dataDirectory().toAbsolutePath());
        }
        if (postgres != null) {
            closeQuietly();
            return true;
        }
        Optional<PostmasterStatus> running = status();
        if (running.isEmpty()) {
            return false;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(running.get().pid())).start();
            kill.waitFor(10, TimeUnit.SECONDS);
            Optional<ProcessHandle> handle = ProcessHandle.of(running.get().pid());
            if (handle.isPresent()) {
                handle.get().onExit().get(60, TimeUnit.SECONDS);
            }
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Could not stop the embedded PostgreSQL (PID " + running.get().pid() + "): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        port = 0;
        return true;
    }

    /** Stops the server if this object started it; a server someone else started keeps running. */
    @Override
    public synchronized void close() {
        if (postgres != null) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        STARTED_HERE.remove(dataDirectory().toAbsolutePath());
        try {
            postgres.close();
            LOG.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warn("Stopping the embedded PostgreSQL failed", e);
        } finally {
            postgres = null;
            port = 0;
        }
    }

    /** The port used last time if it is free (so the JDBC URL stays the same), else any free one. */
    private int choosePort() throws IOException {
        OptionalInt remembered = rememberedPort();
        if (remembered.isPresent()) {
            try (ServerSocket socket = new ServerSocket(remembered.getAsInt(), 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                LOG.info("Port {} is taken; choosing another", remembered.getAsInt());
            }
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        byte[] portText = Integer.toString(port).getBytes(StandardCharsets.UTF_8);
        PrivateFiles.write(directory.resolve("port"), out -> out.write(portText));
        return port;
    }

    /** The port of the last start, if any: the JDBC URL the server will most likely have. */
    public OptionalInt rememberedPort() {
        try {
            Path file = directory.resolve("port");
            return Files.isRegularFile(file) ? OptionalInt.of(Integer.parseInt(Files.readString(file).strip()))
                    : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static void createPrivateDirectory(Path dir) throws IOException {
        PrivateFiles.createDirectories(dir);
    }

    /**
     * The embedded installation's passwords (superuser and service logins) and its installation id, in one 0600
     * file. Homes made before installation ids have none until the first start after the upgrade records it.
     */
    public record EmbeddedCredentials(String superuserPassword, ServiceCredentials services,
                                      Optional<Installation> installation) {

        static synchronized EmbeddedCredentials loadOrCreate(Path file) {
            try {
                Properties properties = new Properties();
                if (Files.isRegularFile(file)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        properties.load(in);
                    }
                } else {
                    createPrivateDirectory(file.getParent());
                    ServiceCredentials generated = ServiceCredentials.generate();
                    properties.setProperty("superuser", Passwords.random());
                    properties.setProperty("owner", generated.ownerPassword());
                    properties.setProperty("signup", generated.signupPassword());
                    properties.setProperty("mailer", generated.mailerPassword());
                    properties.setProperty("installation", Installation.generate().id());
                    if (!writeIfAbsent(file, properties)) {
                        return loadOrCreate(file); // another process wrote it first: use theirs
                    }
                }
                return new EmbeddedCredentials(properties.getProperty("superuser"), new ServiceCredentials(
                        properties.getProperty("owner"), properties.getProperty("signup"), properties.getProperty("mailer")),
                        Optional.ofNullable(properties.getProperty("installation")).map(Installation::new));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read or create " + file + ": " + e.getMessage(), e);
            }
        }

        /** Records the installation id of an upgraded home (every process computes the same one). */
        static synchronized void remember(Path file, Installation installation) {
            try {
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    properties.load(in);
                }
                properties.setProperty("installation", installation.id());
                Path temp = Files.createTempFile(file.getParent(), "credentials", ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
                try (OutputStream out = Files.newOutputStream(temp)) {
                    properties.store(out, "Qodex Operator embedded database passwords. Keep this file private.");
                }
                Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot update " + file + ": " + e.getMessage(), e);
            }
        }

        /** Writes the file only if none exists yet (two first starts at once agree on one set of passwords). */
        private static boolean writeIfAbsent(Path file, Properties properties) throws IOException {
            Path temp = Files.createTempFile(file.getParent(), "credentials", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    properties.store(out, "Qodex Operator embedded database passwords. Keep this file private.");
                }
                try {
                    Files.createLink(file, temp);
                    return true;
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    return false;
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        }

        @Override
        public String toString() {
            return "EmbeddedCredentials[****]";
        }
    }
}
