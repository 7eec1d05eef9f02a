package io.qodex.domain.llm;

import java.time.Instant;

/** Platform-funded spend inside a rolling window: when it happened, when it leaves the window, how much. */
public record CapEvent(Instant occurredAt, Instant leavesAt, Money amount) {
}
