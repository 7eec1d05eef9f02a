package io.qodex.domain.llm;

import java.time.Duration;
import java.util.Optional;

/** Whether a platform-funded call may go ahead, decided atomically by the database (F10). */
public sealed interface Admission {

    /** Admitted; {@code warning} is set when either window is at 80 % or more after this call's worst case. */
    record Admitted(Optional<CapWarning> warning) implements Admission {
    }

    /**
     * Refused at the cap of {@code window}: {@code retryAfter} is when enough usage will have rolled out for this
     * call, empty when the call alone is larger than the cap.
     */
    record Refused(CapWindow window, Money used, Money cap, Money needed, Optional<Duration> retryAfter) implements Admission {

        public String message() {
            String when = retryAfter.map(d -> "headroom for this call returns in " + Durations.human(d) + ".")
                    .orElse("this call alone (up to " + needed.display() + ") is larger than the cap.");
            return "The project's " + window.label() + " cap on platform-funded LLM spend is reached ("
                    + used.display() + " of " + cap.display() + "); " + when;
        }
    }

    /** A window at or above 80 % of its cap. */
    record CapWarning(CapWindow window, Money used, Money cap) {

        public String message() {
            return "The " + window.label() + " cap is at " + used.basisPointsOf(cap) / 100 + "% (" + used.display() + " of "
                    + cap.display() + ").";
        }
    }
}
