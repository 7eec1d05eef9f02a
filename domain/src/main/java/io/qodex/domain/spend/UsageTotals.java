package io.qodex.domain.spend;

import io.qodex.domain.llm.Money;

/** Calls, tokens and cost added up. */
public record UsageTotals(long calls, long inputTokens, long outputTokens, long cachedTokens, Money cost) {

    public static final UsageTotals NONE = new UsageTotals(0, 0, 0, 0, Money.ZERO);

    public UsageTotals plus(UsageTotals other) {
        return new UsageTotals(calls + other.calls, inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cachedTokens + other.cachedTokens, cost.plus(other.cost));
    }

    /** What is left after taking out {@code part} (a part of these totals). */
    public UsageTotals minus(UsageTotals part) {
        return new UsageTotals(calls - part.calls, inputTokens - part.inputTokens, outputTokens - part.outputTokens,
                cachedTokens - part.cachedTokens, cost.minus(part.cost));
    }
}
