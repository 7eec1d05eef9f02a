package io.qodex.app.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.LocalPins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local roster pins: private, never moving backwards, safe when many threads and processes pin at once. */
class PinFileTest {

    @TempDir
    Path home;

    @Test
    void concurrentPinsKeepTheLatestEpochOfEachChainInAPrivateFile() throws Exception {
        Path file = home.resolve("pins/abcdef/7.properties");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int offset = thread;
                done.add(pool.submit(() -> {
                    PinFile pins = new PinFile(file); // one instance per session, as each workspace has its own
                    for (int epoch = 1; epoch <= 40; epoch++) {
                        pins.put(KeyScope.PROJECT, offset % 3, new LocalPins.Pinned(epoch, head(epoch)));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        PinFile pins = new PinFile(file);
        for (long project = 0; project < 3; project++) {
            LocalPins.Pinned pinned = pins.get(KeyScope.PROJECT, project).orElseThrow();
            assertThat(pinned.epoch()).isEqualTo(40);
            assertThat(pinned.head()).isEqualTo(head(40));
        }
        pins.put(KeyScope.PROJECT, 0, new LocalPins.Pinned(3, head(3))); // never backwards
        assertThat(pins.get(KeyScope.PROJECT, 0).orElseThrow().epoch()).isEqualTo(40);
        assertThat(pins.get(KeyScope.ORG, 0)).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    private static byte[] head(int epoch) {
        byte[] head = new byte[32];
        head[0] = (byte) epoch;
        return head;
    }
}
