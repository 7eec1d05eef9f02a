package io.qodex.domain.scenario;

import java.util.List;
import java.util.Optional;

/**
 * The result of one step. {@code request} is the masked request line ({@code GET https://…/items}); the excerpts
 * are the first few kilobytes of what was sent and received, with every secret the step used masked.
 */
public record StepResult(int index, String name, StepOutcome outcome, String request, Optional<Integer> status,
                         Optional<Long> latencyMs, List<Check> checks, String requestExcerpt, String responseExcerpt,
                         Optional<String> message) {

    public StepResult {
        checks = List.copyOf(checks);
    }

    public List<Check> failedChecks() {
        return checks.stream().filter(c -> !c.held()).toList();
    }

    static StepResult notSent(int index, ScenarioStep step, StepOutcome outcome, String request, String message) {
        return new StepResult(index, step.name(), outcome, request, Optional.empty(), Optional.empty(), List.of(), "", "",
                Optional.of(message));
    }
}
