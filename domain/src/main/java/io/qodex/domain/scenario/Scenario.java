package io.qodex.domain.scenario;

import java.util.Optional;

/**
 * A stored scenario: its id, the version an editor saves against, and how its latest run ended. {@code damage} says
 * why its stored steps could not be read (a row written around the client); such a scenario lists, with no steps, and
 * runs as an error without sending anything.
 */
public record Scenario(long id, long version, ScenarioSpec spec, Optional<RunSummary> lastRun, Optional<String> damage) {

    public Scenario(long id, long version, ScenarioSpec spec, Optional<RunSummary> lastRun) {
        this(id, version, spec, lastRun, Optional.empty());
    }

    public String name() {
        return spec.name();
    }
}
