package io.qodex.app.common;

import io.qodex.domain.common.QodexException;
import io.qodex.app.runtime.Failures;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Task;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work off the FX thread and hands the result (or a {@link QodexException}) back on it:
 * {@code Tasks.run(() -> service.load()).onSuccess(view::show).onError(vm::fail).start();}
 */
public final class Tasks {

    private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);

    private Tasks() {
    }

    public static <T> Builder<T> run(Callable<T> work) {
        return new Builder<>(work);
    }

    public static Builder<Void> run(Runnable work) {
        return new Builder<>(() -> {
            work.run();
            return null;
        });
    }

    /** Fluent builder of one background task. */
    public static final class Builder<T> {
        private final Callable<T> work;
        private Consumer<T> onSuccess = result -> { };
        private Consumer<QodexException> onError = error -> { };
        private Runnable onFinally = () -> { };
        private Executor executor = Background.work();

        private Builder(Callable<T> work) {
            this.work = work;
        }

        public Builder<T> onSuccess(Consumer<T> handler) {
            this.onSuccess = handler;
            return this;
        }

        public Builder<T> onError(Consumer<QodexException> handler) {
            this.onError = handler;
            return this;
        }

        public Builder<T> onFinally(Runnable handler) {
            this.onFinally = handler;
            return this;
        }

        public Builder<T> on(Executor chosen) {
            this.executor = chosen;
            return this;
        }

        public Task<T> start() {
            Task<T> task = new Task<>() {
                @Override
                protected T call() throws Exception {
                    return work.call();
                }
            };
            task.setOnSucceeded(event -> {
                try {
                    onSuccess.accept(task.getValue());
                } finally {
                    onFinally.run();
                }
            });
            task.setOnFailed(event -> {
                try {
                    onError.accept(translate(task.getException()));
                } finally {
                    onFinally.run();
                }
            });
            task.setOnCancelled(event -> onFinally.run());
            executor.execute(task);
            return task;
        }
    }

    static QodexException translate(@Nullable Throwable failure) {
        if (failure == null) {
            return QodexException.unavailable("The task failed without saying why.", null);
        }
        QodexException problem = Failures.of(failure);
        if (!(failure instanceof QodexException)) {
            LOG.error("Background task failed", failure);
        } else {
            LOG.debug("Background task refused: {}", failure.getMessage());
        }
        return problem;
    }

    /** Runs on the FX thread now if already there, else later. */
    public static void fx(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
