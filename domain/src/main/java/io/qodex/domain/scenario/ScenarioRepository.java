package io.qodex.domain.scenario;

import java.util.List;
import java.util.UUID;

/**
 * {@code scenarios}, {@code collections}, {@code test_runs} and {@code findings} through row-level security (port):
 * everyone in the project reads, Members and Admins write.
 */
public interface ScenarioRepository {

    /** The project's scenarios by name, each with its latest run. */
    List<Scenario> list(long projectId);

    /**
     * Applies every change in one transaction, or none: a name taken meanwhile, a version changed meanwhile, or a
     * refusal of the database rolls all back (CONFLICT or NOT_ALLOWED naming the scenario).
     */
    void write(long projectId, List<ScenarioWrite> changes);

    /** Stores a finished run and its findings together; returns the run's id. */
    long record(long projectId, UUID batch, long environmentId, ScenarioResult result, List<NewFinding> findings);

    /** The latest runs, newest first. */
    List<RunSummary> runs(long projectId, int limit);

    /** The latest findings, newest first. */
    List<Finding> findings(long projectId, int limit);
}
