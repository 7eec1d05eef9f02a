package io.qodex.persistence.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage spool holds who spent what: its folder is 0700 and its files 0600 from their creation. */
class UsageSpoolFilesTest {

    @TempDir
    Path home;

    @Test
    void spoolAndRejectedFilesArePrivate() throws IOException {
        Path directory = home.resolve("spool");
        UsageSpool spool = new UsageSpool(directory, 42);
        var row = LlmFixture.record(7, 42, "gpt-4o-mini", "assistant", Funding.BYOK, CallOutcome.OK, 10, 20, 0, 30,
                Instant.now());
        spool.append(List.of(row));
        spool.reject(List.of(row));
        assertThat(mode(directory)).isEqualTo("rwx------");
        try (var files = Files.list(directory)) {
            assertThat(files.toList()).hasSize(2).allSatisfy(file -> assertThat(mode(file)).isEqualTo("rw-------"));
        }
        spool.close();
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
