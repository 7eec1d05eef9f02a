package io.qodex.app.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.account.Email;
import io.qodex.domain.session.KnownLoginParameters.Remembered;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What this computer remembers of a sign-in: per database and address, private, never half written. */
class LoginParametersFolderTest {

    private static final String PARAMETERS = "qodex-kdf-v2;argon2id;v=19;m=19456;t=2;p=1;salt=AAAAAAAAAAAAAAAAAAAAAA==";

    @TempDir
    Path home;

    @Test
    void remembersPerDatabaseAndAddressInPrivateFilesNamedByNoAddress() throws IOException {
        Path folder = home.resolve("login-parameters");
        LoginParametersFolder shop = new LoginParametersFolder(folder, "qx_abcdef_signup|qodex");
        LoginParametersFolder other = new LoginParametersFolder(folder, "qx_ghijkl_signup|qodex");
        Email ana = new Email("ana@example.com");
        Remembered login = new Remembered("qx_abcdef_0123456789abcdefghijklmn", PARAMETERS);

        assertThat(shop.recall(ana)).isEmpty();
        shop.remember(ana, login);
        assertThat(shop.recall(ana)).contains(login);
        assertThat(other.recall(ana)).as("another database").isEmpty();
        assertThat(shop.recall(new Email("ben@example.com"))).isEmpty();

        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).doesNotContain("ana").matches("[0-9a-f]{32}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    }

    @Test
    void aDamagedFileIsForgottenAndManyWritersLeaveAWholeOne() throws IOException {
        Path folder = home.resolve("login-parameters");
        LoginParametersFolder known = new LoginParametersFolder(folder, "qx_abcdef_signup|qodex");
        Email ana = new Email("ana@example.com");
        known.remember(ana, new Remembered("qx_role", PARAMETERS));
        Path file;
        try (Stream<Path> listed = Files.list(folder)) {
            file = listed.findFirst().orElseThrow();
        }
        Files.writeString(file, "half a li");
        assertThat(known.recall(ana)).isEmpty();

        IntStream.range(0, 40).parallel().forEach(i -> known.remember(ana, new Remembered("qx_role" + (i % 2), PARAMETERS)));
        assertThat(known.recall(ana)).hasValueSatisfying(login -> {
            assertThat(login.role()).isIn("qx_role0", "qx_role1");
            assertThat(login.parameters()).isEqualTo(PARAMETERS);
        });
        try (Stream<Path> listed = Files.list(folder)) {
            assertThat(listed.toList()).as("no temporary files left").hasSize(1);
        }
    }
}
