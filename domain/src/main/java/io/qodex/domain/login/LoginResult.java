package io.qodex.domain.login;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The outcome of a replay: a captured session, a failure at a step, or a cancellation. Nothing partial is kept. */
public sealed interface LoginResult {

    /** The log lines of the run, as heard live by the {@link ReplayListener}; never contain resolved values. */
    List<String> log();

    record Captured(CapturedSession session, List<String> log) implements LoginResult {
        public Captured {
            log = List.copyOf(log);
        }
    }

    /**
     * The replay stopped at {@code stepIndex} (0-based; empty when it failed before the first step, e.g. no browser)
     * for {@code reason}, a sentence naming the selector or URL concerned; with a screenshot of the page at that
     * moment when there was a page.
     */
    record Failed(OptionalInt stepIndex, FailureKind kind, String reason, Optional<Screenshot> screenshot,
                  List<String> log) implements LoginResult {
        public Failed {
            log = List.copyOf(log);
        }

        /** "Step 3 (fill) failed: …" or the reason alone. */
        public String summary() {
            return stepIndex.isPresent() ? "Step " + (stepIndex.getAsInt() + 1) + " failed: " + reason : reason;
        }
    }

    /** Stopped by the user before {@code atStep} ran (or during it). */
    record Cancelled(OptionalInt atStep, List<String> log) implements LoginResult {
        public Cancelled {
            log = List.copyOf(log);
        }
    }
}
