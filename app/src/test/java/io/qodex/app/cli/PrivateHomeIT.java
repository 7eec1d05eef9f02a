package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.testing.Cli;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing under QODEX_HOME is readable by other local users: after real commands (the embedded database, a sign-up
 * whose code lands in the outbox, config and state files) every directory is rwx------ and every file rw-------,
 * including the embedded PostgreSQL's own data directory (PostgreSQL creates it so). A home left readable by an older
 * version is tightened once at start.
 */
class PrivateHomeIT {

    @TempDir
    Path temp;
    private Path home;

    private Cli cli() {
        return new Cli(Map.of("QODEX_HOME", home.toString(), "QODEX_PASSWORD", "orchard-falcon-27m"));
    }

    @AfterEach
    void stop() {
        if (home != null) {
            cli().run("db", "stop");
        }
    }

    @Test
    void everythingTheCommandsCreateIsPrivate() throws IOException {
        home = temp.resolve("new-home");
        Cli.Result signup = cli().run("signup", "--email", "pia@example.com");
        assertThat(signup.exitCode()).as(signup.err()).isZero();
        Cli.Result verify = cli().run("verify", "--email", "pia@example.com", "--code", code());
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        Cli.Result create = cli().run("projects", "create", "--name", "Shop", "--slug", "shop");
        assertThat(create.exitCode()).as(create.err()).isZero();
        Cli.Result use = cli().run("projects", "use", "shop");
        assertThat(use.exitCode()).as(use.err()).isZero();
        assertThat(cli().run("db", "start").exitCode()).isZero();

        assertThat(home.resolve("outbox")).isDirectory();
        assertThat(home.resolve("state.properties")).isRegularFile();
        assertThat(home.resolve("db/data/PG_VERSION")).isRegularFile();
        assertThat(notPrivate(home)).isEmpty();
        // the PostgreSQL binaries were unpacked into this user's own cache folder, which no one else may enter
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path binaries = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("qodex/postgres");
        assertThat(java.nio.file.Files.getPosixFilePermissions(binaries))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (var unpacked = java.nio.file.Files.list(binaries)) {
            assertThat(unpacked.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("PG-"));
        }
    }

    @Test
    void aHomeAnOlderVersionLeftReadableIsTightenedAtStart() throws IOException {
        home = Files.createDirectory(temp.resolve("old-home"));
        Path outbox = Files.createDirectory(home.resolve("outbox"));
        Path mail = Files.writeString(outbox.resolve("20261201-120000-000000000001-pia@example.com.eml"),
                "Verification code: 12345678\n");
        Path logs = Files.createDirectory(home.resolve("logs"));
        Path log = Files.writeString(logs.resolve("qodex.log"), "INFO started\n");
        for (Path directory : List.of(home, outbox, logs)) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path file : List.of(mail, log)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }

        assertThat(cli().run("db", "status").exitCode()).isZero();
        assertThat(notPrivate(home)).isEmpty();
        assertThat(home.resolve(".private")).isRegularFile();
    }

    /** Every path under the root that is not a rwx------ directory or a rw------- file, with its mode. */
    private static List<String> notPrivate(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                check(directory, "rwx------");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                check(file, attributes.isRegularFile() ? "rw-------" : "(a regular file)");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // gone meanwhile (the server's temporary files)
            }

            private void check(Path path, String expected) throws IOException {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                if (!mode.equals(expected)) {
                    found.add(root.relativize(path) + " " + mode);
                }
            }
        });
        return found;
    }

    private String code() throws IOException {
        try (Stream<Path> mails = Files.list(home.resolve("outbox"))) {
            Path mail = mails.filter(p -> p.toString().endsWith(".eml")).findFirst().orElseThrow();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mail));
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        }
    }
}
