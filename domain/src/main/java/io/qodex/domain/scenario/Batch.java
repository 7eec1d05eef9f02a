package io.qodex.domain.scenario;

import java.util.List;
import java.util.UUID;

/** Scenarios run together against one environment; {@code warnings} say what could not be stored. */
public record Batch(UUID id, String environment, List<ScenarioResult> results, List<String> warnings) {

    public Batch {
        results = List.copyOf(results);
        warnings = List.copyOf(warnings);
    }

    /** True only when every scenario ran and every expectation held. */
    public boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(r -> r.status() == RunStatus.PASSED);
    }
}
