package io.qodex.app.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.common.Background;
import io.qodex.app.common.Tasks;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.concurrent.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The UI tests' guard itself: an exception on the FX thread, in a background task or on a background thread fails
 * the check that follows it; nothing pending, nothing fails. (Not extended with {@link FxFailures}: it provokes them.)
 */
class FxFailuresIT {

    private final FxFailures guard = new FxFailures();

    @BeforeAll
    static void startFx() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void anExceptionOnTheFxThreadFailsTheCheck() {
        Platform.runLater(() -> {
            throw new IllegalStateException("thrown on the FX thread");
        });
        assertThatThrownBy(() -> guard.afterEach(null)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("during the test").hasMessageContaining("thrown on the FX thread");
        assertThatCode(() -> guard.afterEach(null)).as("reported once").doesNotThrowAnyException();
    }

    @Test
    void aFailedBackgroundTaskFailsTheCheck() throws Exception {
        Task<?> task = Tasks.run(() -> {
            throw new IllegalStateException("thrown in a task");
        }).start();
        assertThatThrownBy(() -> task.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> guard.afterEach(null)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Background task failed").hasMessageContaining("thrown in a task");
    }

    @Test
    void anUncaughtExceptionOnABackgroundThreadFailsTheCheck() throws Exception {
        Thread thread = Background.named("fx-failures-test").newThread(() -> {
            throw new IllegalStateException("thrown on a background thread");
        });
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(thread.isAlive()).isFalse();
        assertThatThrownBy(() -> guard.afterEach(null)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Uncaught failure on fx-failures-test-1")
                .hasMessageContaining("thrown on a background thread");
    }

    @Test
    void nothingPendingPasses() {
        assertThatCode(() -> guard.afterEach(null)).doesNotThrowAnyException();
    }
}
