package io.qodex.app.scenarios;

import io.qodex.domain.scenario.Check;
import io.qodex.domain.scenario.ScenarioResult;
import io.qodex.domain.scenario.ScenarioStep;
import io.qodex.domain.scenario.StepResult;
import java.util.List;
import java.util.Optional;

/**
 * One line of a run's results: a step running or finished, or a scenario the environment refused whole.
 * {@code outcome} is a {@link io.qodex.domain.scenario.StepOutcome} name, or RUNNING.
 */
public record ResultRow(String scenario, int index, String step, String outcome, Optional<StepResult> result,
                        String message) {

    public static final String RUNNING = "RUNNING";

    static ResultRow running(String scenario, int index, ScenarioStep step) {
        return new ResultRow(scenario, index, step.name(), RUNNING, Optional.empty(),
                step.request().method() + " " + step.request().url());
    }

    static ResultRow finished(String scenario, StepResult result) {
        return new ResultRow(scenario, result.index(), result.name(), result.outcome().name(), Optional.of(result),
                result.message().orElse(""));
    }

    static ResultRow refused(ScenarioResult result) {
        return new ResultRow(result.scenario(), -1, "(whole scenario)", "REFUSED", Optional.empty(),
                result.message().orElse("Refused."));
    }

    public String number() {
        return index < 0 ? "" : Integer.toString(index + 1);
    }

    public String status() {
        return result.flatMap(StepResult::status).map(String::valueOf).orElse("");
    }

    public String latency() {
        return result.flatMap(StepResult::latencyMs).map(ms -> ms + " ms").orElse("");
    }

    public String request() {
        return result.map(StepResult::request).orElse(outcome.equals(RUNNING) ? message : "");
    }

    public List<Check> checks() {
        return result.map(StepResult::checks).orElse(List.of());
    }

    public String requestExcerpt() {
        return result.map(StepResult::requestExcerpt).orElse("");
    }

    public String responseExcerpt() {
        return result.map(StepResult::responseExcerpt).orElse("");
    }

    /** What the details pane says first: the reason a step did not pass, or how many checks held. */
    public String explanation() {
        if (outcome.equals(RUNNING)) {
            return "Running " + message + "…";
        }
        if (result.isEmpty()) {
            return message;
        }
        List<Check> failed = result.get().failedChecks();
        if (!message.isEmpty()) {
            return message;
        }
        int all = result.get().checks().size();
        if (failed.isEmpty()) {
            return all == 0 ? "Passed: a response came back (no expectations set)." : "Passed: all " + all
                    + (all == 1 ? " check held." : " checks held.");
        }
        return failed.size() + " of " + all + (all == 1 ? " check" : " checks") + " failed.";
    }
}
