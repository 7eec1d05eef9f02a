package io.qodex.domain.scenario;

import java.util.Locale;

/** How a scenario's run ended ({@code test_runs.status}). */
public enum RunStatus {
    /** Every expectation held. */
    PASSED,
    /** An expectation failed, or a step was refused by the environment's constraints. */
    FAILED,
    /** A step could not be sent or read (network, a variable that does not resolve, no token). */
    ERROR,
    /** Stopped before its end. */
    CANCELLED,
    /** Not started: the environment does not allow what the scenario does. */
    REFUSED,
    /** Waiting to start (stored by other clients; this one stores runs when they end). */
    QUEUED,
    /** Started and not ended (likewise). */
    RUNNING;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a stored code; one this client does not know reads as ERROR rather than failing a list. */
    public static RunStatus ofCode(String code) {
        for (RunStatus status : values()) {
            if (status.code().equals(code)) {
                return status;
            }
        }
        return ERROR;
    }
}
