package io.qodex.domain.scenario;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The run of one scenario against one environment. */
public record ScenarioResult(String scenario, Optional<Long> scenarioId, String environment, RunStatus status,
                             List<StepResult> steps, Optional<String> message, Instant startedAt, Instant finishedAt) {

    public ScenarioResult {
        steps = List.copyOf(steps);
    }

    /** "3 steps: 2 passed, 1 failed" or the reason it did not run. */
    public String summary() {
        if (steps.isEmpty() && message.isPresent()) {
            return message.get();
        }
        StringBuilder text = new StringBuilder(steps.size() + (steps.size() == 1 ? " step" : " steps"));
        String separator = ": ";
        for (StepOutcome outcome : StepOutcome.values()) {
            long n = steps.stream().filter(s -> s.outcome() == outcome).count();
            if (n > 0) {
                text.append(separator).append(n).append(' ').append(outcome.name().toLowerCase(java.util.Locale.ROOT));
                separator = ", ";
            }
        }
        return text.toString();
    }
}
