package io.qodex.app.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file shared by every process: no change is lost to another writer, and remembering never fails work. */
class AppStateTest {

    @TempDir
    Path home;

    @Test
    void writersOfDifferentKeysAtOnceLoseNothing() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            done.add(threads.submit(() -> repeat(start, i -> new AppState(new QodexHome(home)).useProject("p" + i))));
            done.add(threads.submit(() -> repeat(start, i -> new AppState(new QodexHome(home)).rememberRoute("/p/r" + i))));
            done.add(threads.submit(() -> repeat(start, i -> new AppState(new QodexHome(home))
                    .rememberEmail("e" + i + "@example.com"))));
            start.countDown();
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            threads.shutdownNow();
        }
        AppState state = new AppState(new QodexHome(home));
        assertThat(state.currentProject()).contains("p199");
        assertThat(state.lastRoute()).contains("/p/r199");
        assertThat(state.lastEmail()).contains("e199@example.com");
    }

    @Test
    void aStateThatCannotBeWrittenIsAWarningForRememberingAndAnErrorForChoosing() throws Exception {
        Files.createDirectories(home.resolve("state.properties").resolve("in-the-way")); // a directory where the file goes
        AppState state = new AppState(new QodexHome(home));

        assertThat(state.rememberEmail("ana@example.com")).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("could not remember account.last-email in " + home.resolve("state.properties") + ": ")
                .contains("Exception"));
        assertThatThrownBy(() -> state.useProject("shop")).isInstanceOfSatisfying(QodexException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("Cannot remember the current project in "
                    + home.resolve("state.properties") + ": ");
        });
    }

    private static void repeat(CountDownLatch start, java.util.function.IntConsumer write) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (int i = 0; i < 200; i++) {
            write.accept(i);
        }
    }
}
