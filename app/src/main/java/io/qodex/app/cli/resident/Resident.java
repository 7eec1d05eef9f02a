package io.qodex.app.cli.resident;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What the CLI's background process and its clients agree on: which commands it answers, where its socket is, how
 * long it stays when idle (decision 0028). Only {@code java.base}: the client side runs before anything else loads.
 */
public final class Resident {

    /** {@code QODEX_IDLE_STOP} / {@code db.idle-stop}: how long the background process stays unused; 0 turns it off. */
    public static final String IDLE_VARIABLE = "QODEX_IDLE_STOP";
    static final String IDLE_PROPERTY = "db.idle-stop";
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);

    /**
     * Commands answered by the background process when the password comes from QODEX_PASSWORD: those that only read
     * (and remember the account and project in state.properties), and the login replay and check, which keep
     * Playwright's driver and the headless browser warm there and store a captured session as their last step.
     * Everything else runs in its own process as before.
     */
    static final Set<String> ANSWERED = Set.of("projects list", "env list", "env show", "caps show", "whoami",
            "members list", "prices list", "login replay", "login check");

    /**
     * Variables that belong to one command (who acts, their passwords), not to the process: never passed to the
     * background process when it starts, and not compared when a command asks it.
     */
    static final Set<String> PER_COMMAND = Set.of("QODEX_PASSWORD", "QODEX_NEW_PASSWORD", "QODEX_EMAIL",
            "QODEX_AUTH_PASSWORD", "QODEX_BYOK_KEY", "QODEX_PLATFORM_KEY", "QODEX_ADMIN_USER", "QODEX_ADMIN_PASSWORD",
            "QODEX_THEME");

    private Resident() {
    }

    /**
     * True if the socket is this user's own, in this user's own 0700 folder of a home this user owns: otherwise
     * another local user may have made it (a home under /tmp), and a command would send them its password. Linux
     * only (the user's id comes from /proc); elsewhere the background process is not used.
     */
    static boolean ours(Path home, Path socket) {
        try {
            Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            Path run = socket.getParent();
            for (Path path : new Path[] {home, run, socket}) {
                if (Files.isSymbolicLink(path) || !me.equals(Files.getAttribute(path, "unix:uid",
                        java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                    return false;
                }
            }
            int runMode = (Integer) Files.getAttribute(run, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return (runMode & 0077) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }

    /** True if the process at the other end of the socket runs as this user (SO_PEERCRED). */
    static boolean sameUser(java.nio.channels.SocketChannel channel) {
        try {
            jdk.net.UnixDomainPrincipal peer = channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return peer.user().getName().equals(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }

    /**
     * What a command sends of its environment: the QODEX_* variables (settings, who acts, their passwords) and
     * XDG_DATA_HOME (where the home is); nothing else of the caller's environment (CI tokens, …) leaves the process.
     */
    static Map<String, String> sent(Map<String, String> environment) {
        Map<String, String> sent = new java.util.HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("QODEX_") || name.equals("XDG_DATA_HOME")) {
                sent.put(name, value);
            }
        });
        return sent;
    }

    /** True if the background process may answer this command line. */
    static boolean answers(String[] args, Map<String, String> environment) {
        if (args.length < 1 || !environment.containsKey("QODEX_PASSWORD")) {
            return false;
        }
        // String.concat, not +: a + compiles to invokedynamic, whose bootstrap costs this path ~30 ms of start-up
        String command = args[0].equals("whoami") ? "whoami" : args.length < 2 ? "" : args[0].concat(" ").concat(args[1]);
        return ANSWERED.contains(command);
    }

    /** The idle period from the environment, else the home's config.properties, else 15 minutes. */
    static Duration idleStop(Path home, Map<String, String> environment) {
        String value = environment.get(IDLE_VARIABLE);
        if (value == null || value.isBlank()) {
            value = configured(home).orElse(null);
        }
        return value == null || value.isBlank() ? DEFAULT_IDLE : parseDuration(value);
    }

    private static Optional<String> configured(Path home) {
        Path file = home.resolve("config.properties");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(properties.getProperty(IDLE_PROPERTY));
    }

    /**
     * {@code 0}, {@code off}, or a number with {@code s}, {@code m} or {@code h} ({@code 90s}, {@code 15m}, {@code 2h});
     * a bare number is minutes. Anything else is refused with a message naming the setting.
     */
    public static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("off") || value.equals("0")) {
            return Duration.ZERO;
        }
        try {
            char unit = value.charAt(value.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofMinutes(Long.parseLong(value));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1).strip());
            Duration duration = switch (unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException();
            };
            if (duration.isNegative()) {
                throw new NumberFormatException();
            }
            return duration;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(IDLE_VARIABLE + " (" + IDLE_PROPERTY + ") must be 0, off, or a duration "
                    + "such as 90s, 15m or 2h (\"" + text + "\" given).");
        }
    }

    /** The folder of the background process's socket, lock and status ({@code $QODEX_HOME/run}, 0700). */
    static Path runDirectory(Path home) {
        return home.resolve("run");
    }

    /**
     * The socket of the background process of this build: a build answers only its own commands (an upgraded jar
     * starts a new one; the old one stops when idle). Named by the jar's path and modification time.
     */
    static Path socket(Path home) {
        return runDirectory(home).resolve("cli-".concat(build()).concat(".sock"));
    }

    static Path lock(Path home) {
        return runDirectory(home).resolve("cli-".concat(build()).concat(".lock"));
    }

    /** What {@code qodex db status} reads: the process's PID, idle period and last use. */
    static Path statusFile(Path home) {
        return runDirectory(home).resolve("cli.properties");
    }

    /**
     * One line for {@code qodex db status}: whether the background process runs, since when it is idle and when it
     * stops, or that it is off.
     */
    public static String describe(Path home, Map<String, String> environment) {
        Duration idle;
        try {
            idle = idleStop(home, environment);
        } catch (IllegalArgumentException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        if (idle.isZero()) {
            return "off (" + IDLE_VARIABLE + "=0): every command starts and stops what it needs";
        }
        Properties status = new Properties();
        try (InputStream in = Files.newInputStream(statusFile(home))) {
            status.load(in);
        } catch (IOException e) {
            return "not running (the next read command starts it; it stops after " + human(idle) + " idle)";
        }
        long pid = Long.parseLong(status.getProperty("pid", "0"));
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            java.time.Instant lastUsed = java.time.Instant.parse(status.getProperty("last-used"));
            Duration configured = Duration.ofSeconds(Long.parseLong(status.getProperty("idle-stop-seconds", "0")));
            java.time.LocalTime stops = java.time.LocalTime.ofInstant(lastUsed.plus(configured),
                    java.time.ZoneId.systemDefault()).withNano(0);
            return "running (pid " + pid + "), keeps the database open; stops after " + human(configured)
                    + " idle (at " + stops + " unless used)";
        }
        return "not running (the next read command starts it; it stops after " + human(idle) + " idle)";
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static String build;

    static synchronized String build() {
        if (build == null) {
            String where = "";
            long modified = 0;
            try {
                java.security.CodeSource source = Resident.class.getProtectionDomain().getCodeSource();
                if (source != null) {
                    Path path = Path.of(source.getLocation().toURI());
                    where = path.toString();
                    modified = Files.getLastModifiedTime(path).toMillis();
                }
            } catch (IOException | java.net.URISyntaxException | IllegalArgumentException e) {
                where = "unknown";
            }
            build = Integer.toHexString(where.concat("|").concat(Long.toString(modified)).hashCode());
        }
        return build;
    }
}
