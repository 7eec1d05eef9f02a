package io.qodex.domain.scenario;

/** A finding a run adds (secrets already masked). */
public record NewFinding(String title, String step, String severity, String expected, String actual, String excerpt) {
}
