package io.qodex.domain.scenario;

import java.time.Instant;
import java.util.Optional;

/** A failed expectation of a run, kept in the project until someone deals with it. */
public record Finding(long id, String title, Optional<String> scenario, Optional<String> step, String severity,
                      String status, String expected, String actual, String excerpt, Optional<Long> runId,
                      Instant createdAt, String by) {
}
