package io.qodex.domain.scenario;

/** How one step ended. */
public enum StepOutcome {
    PASSED,
    FAILED,
    /** Not sent: the environment's constraints do not allow it (read-only). */
    REFUSED,
    /** Not sent or not read: a template that does not resolve, no token, the network. */
    ERROR,
    /** Not started: the run was stopped. */
    SKIPPED
}
