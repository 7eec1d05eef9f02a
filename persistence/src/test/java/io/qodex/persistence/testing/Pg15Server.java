package io.qodex.persistence.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throw-away cluster of Debian's PostgreSQL 15 ({@code /usr/lib/postgresql/15/bin}), for tests that need a second
 * major version or server settings the embedded PostgreSQL does not have (TLS). The cluster lives in a temporary
 * directory (owned by the {@code postgres} OS user when the tests run as root: initdb refuses root), authenticates
 * with scram-sha-256 only (the superuser {@code postgres} gets a random password), listens on 127.0.0.1 on a free
 * port and has no Unix socket. It is stopped and deleted by {@link #close()} or at the latest when the JVM exits.
 *
 * <pre>{@code
 * try (Pg15Server server = Pg15Server.start()) {
 *     DataSource postgres = server.superuserDataSource("postgres");
 * }
 * }</pre>
 */
public final class Pg15Server implements AutoCloseable {

    /** Where Debian's package {@code postgresql-15} puts the server programs. */
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String SUPERUSER = "postgres";

    private final Path base;
    private final Path data;
    private final int port;
    private final String password;
    private final boolean tls;
    private final boolean asPostgresUser;
    private final Thread cleanup;
    private boolean stopped;

    /**
     * How to start the cluster. {@link #tls(Path, Path)} turns TLS on with the given server certificate and key (PEM)
     * and then accepts only TLS connections ({@code hostssl} in pg_hba.conf); {@link #setting(String, String)} adds
     * any other {@code postgresql.conf} setting.
     */
    public record Options(Optional<Path> certificate, Optional<Path> key, Map<String, String> settings) {

        public Options {
            settings = Map.copyOf(settings);
        }

        public static Options defaults() {
            return new Options(Optional.empty(), Optional.empty(), Map.of());
        }

        public Options tls(Path certificatePem, Path keyPem) {
            return new Options(Optional.of(certificatePem), Optional.of(keyPem), settings);
        }

        public Options setting(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(settings);
            more.put(name, value);
            return new Options(certificate, key, more);
        }

        boolean tlsOn() {
            return certificate.isPresent();
        }
    }

    private Pg15Server(Path base, int port, String password, boolean tls, boolean asPostgresUser) {
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
        this.password = password;
        this.tls = tls;
        this.asPostgresUser = asPostgresUser;
        this.cleanup = new Thread(this::stopAndDelete, "pg15-cleanup");
    }

    public static Pg15Server start() {
        return start(Options.defaults());
    }

    /**
     * Creates and starts a cluster.
     *
     * @throws IllegalStateException if PostgreSQL 15 is not installed (the message says how to install it), or if
     *                               the cluster does not start (the message holds the end of its log)
     */
    public static Pg15Server start(Options options) {
        if (!Files.isExecutable(BIN.resolve("initdb")) || !Files.isExecutable(BIN.resolve("pg_ctl"))) {
            throw new IllegalStateException("PostgreSQL 15 is not installed (" + BIN.resolve("initdb") + " is missing): "
                    + "apt-get install postgresql-15");
        }
        Path base;
        try {
            base = Files.createTempDirectory("qodex-pg15-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Pg15Server server;
        try {
            boolean root = ((Integer) Files.getAttribute(base, "unix:uid")) == 0;
            server = new Pg15Server(base, freePort(), randomPassword(), options.tlsOn(), root);
        } catch (IOException e) {
            deleteTree(base);
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(server.cleanup);
        try {
            server.initialize(options);
            server.pgCtl("start", "-l", server.base.resolve("server.log").toString(), "-w", "-t", "60");
            return server;
        } catch (RuntimeException e) {
            String log = server.logTail();
            server.close();
            throw new IllegalStateException("PostgreSQL 15 did not start: " + e.getMessage() + log, e);
        }
    }

    private void initialize(Options options) {
        try {
            Path passwordFile = base.resolve("superuser.pw");
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            handOver(base);
            handOver(passwordFile);
            run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "--auth=scram-sha-256",
                    "--pwfile=" + passwordFile, "-U", SUPERUSER, "-E", "UTF8", "--no-locale", "--no-sync"));
            Files.delete(passwordFile);

            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("listen_addresses", "'127.0.0.1'");
            settings.put("port", Integer.toString(port));
            settings.put("unix_socket_directories", "''");
            settings.put("password_encryption", "'scram-sha-256'");
            settings.put("fsync", "off");
            if (options.tlsOn()) {
                settings.put("ssl", "on");
                settings.put("ssl_cert_file", quoted(privateCopy(options.certificate().orElseThrow(), "server.crt")));
                settings.put("ssl_key_file", quoted(privateCopy(options.key().orElseThrow(), "server.key")));
            }
            options.settings().forEach((name, value) -> settings.put(name, quoted(value)));
            StringBuilder conf = new StringBuilder("\n# Pg15Server (tests)\n");
            settings.forEach((name, value) -> conf.append(name).append(" = ").append(value).append('\n'));
            Files.writeString(data.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(data.resolve("pg_hba.conf"), """
                    # Pg15Server (tests): TCP on 127.0.0.1 only, SCRAM only%s
                    %s all all 127.0.0.1/32 scram-sha-256
                    """.formatted(tls ? ", TLS only" : "", tls ? "hostssl" : "host"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy the server may read and nobody else (PostgreSQL refuses a key file others can read). */
    private Path privateCopy(Path source, String name) throws IOException {
        Path copy = base.resolve(name);
        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        handOver(copy);
        return copy;
    }

    private static String quoted(Object value) {
        String text = value.toString();
        return text.startsWith("'") ? text : "'" + text.replace("'", "''") + "'";
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}, with no parameters: callers add TLS settings. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** True if the cluster was started with TLS (and accepts nothing else). */
    public boolean tls() {
        return tls;
    }

    /**
     * The superuser on a database. On a TLS cluster it connects with {@code sslmode=require}: encrypted, but without
     * checking the certificate (the harness trusts the server it started).
     */
    public DataSource superuserDataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(SUPERUSER);
        ds.setPassword(password);
        ds.setConnectTimeout(10);
        if (tls) {
            ds.setSslMode("require");
        }
        return ds;
    }

    /** The superuser's password (for tests that build their own connections). */
    public String superuserPassword() {
        return password;
    }

    /** {@code show server_version}, e.g. "15.14 (Debian 15.14-0+deb12u1)". */
    public String version() {
        try (Connection c = superuserDataSource("postgres").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL 15 on port " + port + " does not answer: " + e.getMessage(), e);
        }
    }

    /** Stops the cluster (immediate shutdown: it is thrown away) and deletes its directory. */
    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private synchronized void stopAndDelete() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                pgCtl("stop", "-m", "immediate", "-w", "-t", "30");
            } catch (RuntimeException e) {
                System.err.println("Pg15Server: could not stop the cluster in " + data + ": " + e.getMessage());
            }
        }
        deleteTree(base);
    }

    private void pgCtl(String action, String... arguments) {
        List<String> command = new ArrayList<>(List.of(BIN.resolve("pg_ctl").toString(), action, "-D", data.toString()));
        command.addAll(List.of(arguments));
        run(command);
    }

    /** Runs a server program, as the postgres OS user when we are root. */
    private void run(List<String> program) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        command.addAll(program);
        Path output = base.resolve("command.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", program) + " did not finish in 90 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", program) + " failed (exit " + process.exitValue()
                        + "): " + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + program.get(0), e);
        }
    }

    /** Makes a file the postgres OS user's (when we are root; otherwise the server runs as us). */
    private void handOver(Path path) throws IOException {
        if (asPostgresUser) {
            UserPrincipal postgres = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
            Files.setOwner(path, postgres);
        }
    }

    private String logTail() {
        Path log = base.resolve("server.log");
        try {
            if (!Files.isRegularFile(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // best effort: the directory is in the temporary folder
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "Pg15Server[127.0.0.1:" + port + (tls ? ", TLS" : "") + "]";
    }
}
