package io.qodex.domain.scenario;

/** One change of an all-or-nothing write of scenarios. */
public sealed interface ScenarioWrite {

    record Insert(ScenarioSpec spec) implements ScenarioWrite {
    }

    /** Replaces the scenario if its version is still {@code expectedVersion}. */
    record Update(long id, long expectedVersion, ScenarioSpec spec) implements ScenarioWrite {
    }

    record Delete(long id, long expectedVersion) implements ScenarioWrite {
    }
}
