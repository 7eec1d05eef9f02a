package io.qodex.domain.llm;

import io.qodex.domain.project.Project;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Logs a BYOK key check as a usage row (F10: every LLM call, key validation included): source byok-validate,
 * funding byok, no tokens, no cost, the outcome from the provider's verdict.
 */
public final class KeyCheckUsage implements KeyCheckLog {

    /** What the model column says for a key check (the provider's model list, no model involved). */
    public static final String MODEL = "key-check";

    private final long userId;
    private final Supplier<UsageLog> usage;
    private final Clock clock;

    public KeyCheckUsage(long userId, Supplier<UsageLog> usage, Clock clock) {
        this.userId = userId;
        this.usage = usage;
        this.clock = clock;
    }

    @Override
    public void checked(Project project, LlmProvider provider, KeyCheck check, Duration took) {
        CallOutcome outcome;
        Optional<String> message;
        if (check instanceof KeyCheck.Rejected rejected) {
            outcome = switch (rejected.status()) {
                case 401, 403 -> CallOutcome.AUTH_FAILED;
                case 429 -> CallOutcome.RATE_LIMITED;
                default -> CallOutcome.ERROR;
            };
            message = Optional.of(rejected.message());
        } else if (check instanceof KeyCheck.Unreachable unreachable) {
            outcome = unreachable.message().toLowerCase(java.util.Locale.ROOT).contains("timeout") ? CallOutcome.TIMEOUT
                    : CallOutcome.ERROR;
            message = Optional.of(unreachable.message());
        } else {
            outcome = CallOutcome.OK;
            message = Optional.empty();
        }
        usage.get().record(new UsageRecord(CallIds.next(), project.id(), userId, provider, MODEL,
                UsageSource.BYOK_VALIDATE, Funding.BYOK, TokenUsage.NONE, took, outcome, Money.ZERO, message,
                clock.instant().minus(took)));
    }
}
