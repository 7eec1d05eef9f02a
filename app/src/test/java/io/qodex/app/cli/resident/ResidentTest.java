package io.qodex.app.cli.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResidentTest {

    @TempDir
    Path home;

    @Test
    void idlePeriodsReadAsDurations() {
        assertThat(Resident.parseDuration("0")).isZero();
        assertThat(Resident.parseDuration("off")).isZero();
        assertThat(Resident.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Resident.parseDuration(" 15m ")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Resident.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Resident.parseDuration("20")).isEqualTo(Duration.ofMinutes(20));
        for (String bad : new String[] {"", "m", "15 minutes", "-5m", "1d"}) {
            assertThatThrownBy(() -> Resident.parseDuration(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("QODEX_IDLE_STOP (db.idle-stop) must be 0, off, or a duration");
        }
    }

    @Test
    void theEnvironmentWinsOverTheConfigFileWhichWinsOverTheDefault() throws Exception {
        assertThat(Resident.idleStop(home, Map.of())).isEqualTo(Duration.ofMinutes(15));
        Files.writeString(home.resolve("config.properties"), "db.idle-stop=5m\n");
        assertThat(Resident.idleStop(home, Map.of())).isEqualTo(Duration.ofMinutes(5));
        assertThat(Resident.idleStop(home, Map.of("QODEX_IDLE_STOP", "0"))).isZero();
    }

    @Test
    void answersOnlyReadCommandsWithThePasswordInTheEnvironment() {
        Map<String, String> withPassword = Map.of("QODEX_PASSWORD", "x");
        assertThat(Resident.answers(new String[] {"projects", "list", "--json"}, withPassword)).isTrue();
        assertThat(Resident.answers(new String[] {"env", "show", "QA"}, withPassword)).isTrue();
        assertThat(Resident.answers(new String[] {"whoami"}, withPassword)).isTrue();
        assertThat(Resident.answers(new String[] {"env", "show", "QA"}, Map.of())).isFalse();
        assertThat(Resident.answers(new String[] {"env", "set", "QA", "--var", "A=1"}, withPassword)).isFalse();
        assertThat(Resident.answers(new String[] {"projects"}, withPassword)).isFalse();
        assertThat(Resident.answers(new String[] {}, withPassword)).isFalse();
    }

    @Test
    void onlyASocketOfThisUserInThisUsersPrivateFolderIsTrusted() throws Exception {
        java.nio.file.Path run = java.nio.file.Files.createDirectories(home.resolve("run"));
        java.nio.file.Path socket = java.nio.file.Files.createFile(run.resolve("cli-x.sock"));
        java.nio.file.Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertThat(Resident.ours(home, socket)).isTrue();
        java.nio.file.Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(Resident.ours(home, socket)).as("a folder others may write").isFalse();
        java.nio.file.Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        java.nio.file.Files.delete(socket);
        java.nio.file.Files.createSymbolicLink(socket, home.resolve("elsewhere.sock"));
        assertThat(Resident.ours(home, socket)).as("a link").isFalse();
        java.nio.file.Files.delete(socket);
        java.nio.file.Files.createFile(socket);
        if ("root".equals(System.getProperty("user.name"))) { // only root can give a file away
            java.nio.file.attribute.UserPrincipal nobody = home.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("nobody");
            java.nio.file.Files.setOwner(socket, nobody);
            assertThat(Resident.ours(home, socket)).as("another user's socket").isFalse();
        }
    }

    @Test
    void aCommandSendsItsQodexSettingsAndNothingElseOfItsEnvironment() {
        assertThat(Resident.sent(Map.of("QODEX_PASSWORD", "p", "QODEX_HOME", "/h", "GITHUB_TOKEN", "ghp_x", "PATH", "/bin",
                "XDG_DATA_HOME", "/d"))).containsOnlyKeys("QODEX_PASSWORD", "QODEX_HOME", "XDG_DATA_HOME");
    }

    @Test
    void perCommandSecretsAreNotSettingsOfTheProcess() {
        Map<String, String> settings = ResidentServer.settings(Map.of("QODEX_PASSWORD", "secret", "QODEX_EMAIL", "a@b",
                "QODEX_DB_URL", "jdbc:postgresql://db/qodex", "QODEX_HOME", "/h", "PATH", "/bin", "QODEX_IDLE_STOP", "5m"));
        assertThat(settings).containsOnlyKeys("QODEX_DB_URL");
    }
}
