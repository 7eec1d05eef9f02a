package io.qodex.domain.scenario;

/** Live progress of a run, called on the running thread. */
public interface RunListener {

    RunListener NONE = new RunListener() {
    };

    default void scenarioStarted(ScenarioSpec scenario) {
    }

    default void stepStarted(ScenarioSpec scenario, int index, ScenarioStep step) {
    }

    default void stepFinished(ScenarioSpec scenario, StepResult result) {
    }

    default void scenarioFinished(ScenarioResult result) {
    }
}
