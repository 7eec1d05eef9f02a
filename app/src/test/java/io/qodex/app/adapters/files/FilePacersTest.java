package io.qodex.app.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.environment.Appearance;
import io.qodex.domain.environment.Constraints;
import io.qodex.domain.environment.EnvironmentName;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.environment.HttpUrl;
import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.scenario.Pacer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pacer file: two pacers over one home keep one rate together; a request of a dead process is forgotten. */
class FilePacersTest {

    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path home;

    private static EnvironmentSummary environment(int rate) {
        return new EnvironmentSummary(42, 1, new EnvironmentName("RO"), new HttpUrl("http://api.test"),
                Optional.empty(), EnvironmentPreset.CUSTOM, new Appearance(Optional.empty(), Optional.empty(), false),
                new Constraints(true, rate, false, false), 0, 1);
    }

    @Test
    void twoPacersOverOneHomeKeepTheRateTogether() throws Exception {
        Pacer first = new FilePacers(home.resolve("pacers"), "db").of(environment(3));
        Pacer second = new FilePacers(home.resolve("pacers"), "db").of(environment(3));
        List<long[]> spans = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<?>[] runs = new CompletableFuture<?>[2];
        for (int r = 0; r < 2; r++) {
            Pacer pacer = r == 0 ? first : second;
            runs[r] = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 5; i++) {
                    Pacer.Permit permit = pacer.acquire(new CancelSignal()).orElseThrow();
                    long start = System.nanoTime();
                    spans.add(new long[] {start, System.nanoTime()});
                    permit.close();
                }
            });
        }
        CompletableFuture.allOf(runs).get(30, TimeUnit.SECONDS);
        List<long[]> sorted = spans.stream().sorted((a, b) -> Long.compare(a[0], b[0])).toList();
        assertThat(sorted).hasSize(10);
        for (int i = 0; i + 3 < sorted.size(); i++) {
            long starts = sorted.get(i + 3)[0];
            long earliestEndBefore = sorted.subList(0, i + 3).stream().mapToLong(s -> s[1]).sorted()
                    .skip(i).findFirst().orElseThrow();
            assertThat(starts - earliestEndBefore).as("request %d", i + 3).isGreaterThanOrEqualTo(SECOND);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("pacers"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aRequestLeftInFlightByAProcessThatIsGoneIsForgotten() throws Exception {
        FilePacers pacers = new FilePacers(home.resolve("pacers"), "db");
        Path file = pacers.file(42);
        Files.createDirectories(file.getParent());
        long gone = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 100_000;
        FilePacers.write(file, List.of(new FilePacers.Slot(7, gone, System.nanoTime() - 60 * SECOND, Long.MIN_VALUE)));
        CompletableFuture<Optional<Pacer.Permit>> next = CompletableFuture.supplyAsync(
                () -> pacers.of(environment(1)).acquire(new CancelSignal()));
        assertThat(next.get(5, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void aRequestInFlightOfALiveProcessHoldsItsPlace() throws Exception {
        FilePacers pacers = new FilePacers(home.resolve("pacers"), "db");
        Pacer pacer = pacers.of(environment(1));
        Pacer.Permit held = pacer.acquire(new CancelSignal()).orElseThrow();
        CancelSignal stop = new CancelSignal();
        CompletableFuture<Optional<Pacer.Permit>> next = CompletableFuture.supplyAsync(() -> pacer.acquire(stop));
        Thread.sleep(1500);
        assertThat(next).isNotDone();
        stop.cancel();
        assertThat(next.get(5, TimeUnit.SECONDS)).isEmpty();
        held.close();
    }
}
