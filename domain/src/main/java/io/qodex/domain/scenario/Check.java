package io.qodex.domain.scenario;

/** One expectation (or capture) of a step, with what was expected and what came back (secrets masked). */
public record Check(String what, String expected, String actual, boolean held) {
}
