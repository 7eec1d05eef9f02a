package io.qodex.domain.scenario;

import java.time.Instant;

/** A stored run of one scenario, as lists show it. */
public record RunSummary(long runId, String scenario, String environment, RunStatus status, Instant finishedAt,
                         String summary, String by) {
}
