package io.qodex.domain.llm;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** How a gateway call ended. Each variant is exactly one usage row (except {@link Refused#logged()} false). */
public sealed interface LlmResult {

    UUID callId();

    CallOutcome outcome();

    /** The answer arrived; tokens and cost are the provider's final usage priced from the table. */
    record Completed(UUID callId, String text, String model, Funding funding, TokenUsage usage, Money cost,
                     Duration latency, Optional<Admission.CapWarning> warning) implements LlmResult {
        @Override
        public CallOutcome outcome() {
            return CallOutcome.OK;
        }
    }

    /** Not sent: over a cap (with when headroom returns), no key, no price, or the caller may not use the LLM. */
    record Refused(UUID callId, Reason reason, String message, Optional<Duration> retryAfter, boolean logged)
            implements LlmResult {
        public enum Reason {
            BUDGET_EXCEEDED,
            NO_KEY,
            NO_PRICE,
            NOT_ALLOWED
        }

        @Override
        public CallOutcome outcome() {
            return reason == Reason.BUDGET_EXCEEDED ? CallOutcome.BUDGET_EXCEEDED : CallOutcome.REFUSED;
        }
    }

    /** Sent but failed: auth_failed, rate_limited, timeout or error, with the provider's message (keys redacted). */
    record Failed(UUID callId, CallOutcome outcome, String message, Funding funding, Duration latency) implements LlmResult {
    }

    /** Stopped by the caller; tokens are estimated from what was sent and received so far. */
    record Cancelled(UUID callId, String partialText, Funding funding, TokenUsage usage, Money cost, Duration latency)
            implements LlmResult {
        @Override
        public CallOutcome outcome() {
            return CallOutcome.CANCELLED;
        }
    }

    /** The answer, or the reason there is none as an exception (CLI edge). */
    static Completed completedOrThrow(LlmResult result) {
        if (result instanceof Completed completed) {
            return completed;
        }
        if (result instanceof Refused refused) {
            Problem problem = switch (refused.reason()) {
                case BUDGET_EXCEEDED -> Problem.BUDGET_EXCEEDED;
                case NO_KEY, NO_PRICE -> Problem.INVALID_INPUT;
                case NOT_ALLOWED -> Problem.NOT_ALLOWED;
            };
            throw new QodexException(problem, refused.message());
        }
        if (result instanceof Failed failed) {
            Problem problem = switch (failed.outcome()) {
                case AUTH_FAILED, RATE_LIMITED -> Problem.PROVIDER_REFUSED;
                default -> Problem.UNAVAILABLE;
            };
            throw new QodexException(problem, failed.message());
        }
        throw new QodexException(Problem.CONFLICT, "The call was cancelled.");
    }
}
