package io.qodex.domain.scenario;

import java.util.Optional;

/** A stored scenario: its id, the version an editor saves against, and how its latest run ended. */
public record Scenario(long id, long version, ScenarioSpec spec, Optional<RunSummary> lastRun) {

    public String name() {
        return spec.name();
    }
}
