package io.qodex.app.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.common.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageStateFileTest {

    @Test
    void writesTheStateReadableByTheOwnerOnly(@TempDir Path folder) throws Exception {
        Path target = folder.resolve("exports/admin-state.json");
        String state = "{\"cookies\":[{\"name\":\"sid\",\"value\":\"abc\"}],\"origins\":[]}";

        try (Secret secret = Secret.copyOf(state)) {
            StorageStateFile.write(target, secret);
            StorageStateFile.write(target, secret); // replaces
        }

        assertThat(Files.readString(target)).isEqualTo(state);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(Files.list(target.getParent())).containsExactly(target);
    }
}
