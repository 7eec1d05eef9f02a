package io.qodex.app.scenarios;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.project.Project;
import io.qodex.domain.scenario.Batch;
import io.qodex.domain.scenario.RunListener;
import io.qodex.domain.scenario.RunStatus;
import io.qodex.domain.scenario.ScenarioResult;
import io.qodex.domain.scenario.ScenarioSpec;
import io.qodex.domain.scenario.ScenarioStep;
import io.qodex.domain.scenario.Selection;
import io.qodex.domain.scenario.StepResult;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * A run of scenarios against the active environment, off the FX thread: each step's row appears when it starts and
 * is replaced by its result when it ends ({@link RunListener} calls come on the running thread and are handed to the
 * FX thread); Stop cancels it. At the end: a summary, and the warnings of what could not be stored.
 */
public final class RunModel {

    private final Workspace workspace;
    private final Project project;
    private final ObservableList<ResultRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper warnings = new ReadOnlyStringWrapper("");
    private @Nullable CancelSignal cancel;

    RunModel(Workspace workspace, Project project) {
        this.workspace = workspace;
        this.project = project;
    }

    public ObservableList<ResultRow> rows() {
        return rows;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** One line: what runs, or how the last run ended. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** PASSED, FAILED, ERROR, CANCELLED, REFUSED, RUNNING or "" (nothing run yet): the summary's colour. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty warningsProperty() {
        return warnings.getReadOnlyProperty();
    }

    /**
     * Runs {@code selection} ({@code what} names it) against {@code environment}; {@code confirmed} only after the user
     * confirmed a production-like one. {@code finished} hears the batch (or nothing, after a refusal).
     */
    void run(EnvironmentSummary environment, Selection selection, String what, boolean confirmed,
             Consumer<@Nullable Batch> finished) {
        if (running.get()) {
            return;
        }
        CancelSignal signal = new CancelSignal();
        cancel = signal;
        rows.clear();
        warnings.set("");
        running.set(true);
        outcome.set(ResultRow.RUNNING);
        String target = environment.name().value();
        summary.set("Running " + what + " against " + target + "…");
        RunListener listener = new RunListener() {
            @Override
            public void stepStarted(ScenarioSpec scenario, int index, ScenarioStep step) {
                Platform.runLater(() -> rows.add(ResultRow.running(scenario.name(), index, step)));
            }

            @Override
            public void stepFinished(ScenarioSpec scenario, StepResult result) {
                Platform.runLater(() -> show(ResultRow.finished(scenario.name(), result)));
            }

            @Override
            public void scenarioFinished(ScenarioResult result) {
                if (result.status() == RunStatus.REFUSED) {
                    Platform.runLater(() -> rows.add(ResultRow.refused(result)));
                }
            }
        };
        Tasks.run(() -> workspace.scenarios().run(project, target, selection, confirmed, listener, signal))
                .onSuccess(batch -> {
                    ended(batch, signal.cancelled());
                    finished.accept(batch);
                })
                .onError(problem -> {
                    outcome.set(RunStatus.REFUSED.name());
                    summary.set(problem.getMessage());
                    finished.accept(null);
                })
                .onFinally(() -> {
                    running.set(false);
                    cancel = null;
                })
                .start();
    }

    /** A step's result takes the place of its running row. */
    private void show(ResultRow finished) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            ResultRow row = rows.get(i);
            if (row.scenario().equals(finished.scenario()) && row.index() == finished.index()) {
                rows.set(i, finished);
                return;
            }
        }
        rows.add(finished);
    }

    private void ended(Batch batch, boolean stopped) {
        List<ScenarioResult> results = batch.results();
        RunStatus worst = results.stream().map(ScenarioResult::status).max(RunModel::severity).orElse(RunStatus.CANCELLED);
        if (stopped) {
            worst = RunStatus.CANCELLED;
        }
        outcome.set(worst.name());
        String head = switch (worst) {
            case PASSED -> "Passed";
            case FAILED -> "Failed";
            case ERROR -> "Could not run every step";
            case CANCELLED -> "Stopped";
            case REFUSED -> "Refused";
            case QUEUED, RUNNING -> "Still running";
        };
        StringBuilder text = new StringBuilder(head).append(" on ").append(batch.environment()).append(": ");
        if (results.size() == 1) {
            text.append(results.get(0).scenario()).append(", ").append(results.get(0).summary().toLowerCase(Locale.ROOT));
        } else {
            long passed = results.stream().filter(r -> r.status() == RunStatus.PASSED).count();
            text.append(passed).append(" of ").append(results.size()).append(" scenarios passed");
        }
        summary.set(text.append('.').toString());
        warnings.set(String.join("\n", batch.warnings()));
    }

    private static int severity(RunStatus a, RunStatus b) {
        return Integer.compare(rank(a), rank(b));
    }

    private static int rank(RunStatus status) {
        return switch (status) {
            case PASSED -> 0;
            case QUEUED, RUNNING, CANCELLED -> 1;
            case ERROR -> 2;
            case REFUSED -> 3;
            case FAILED -> 4;
        };
    }

    /** Stop: steps not started are skipped; the request under way is abandoned. */
    public void stop() {
        CancelSignal signal = cancel;
        if (signal != null) {
            signal.cancel();
            summary.set("Stopping…");
        }
    }

    /** The page is left: a run still going is stopped. */
    void dispose() {
        stop();
    }
}
