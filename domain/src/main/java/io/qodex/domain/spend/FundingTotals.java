package io.qodex.domain.spend;

/**
 * What one funding source paid for: the billed calls (those that reached the provider as a model call), and, apart,
 * the BYOK key checks (a free model list) and the calls refused before sending (no key, no price, over a cap). The
 * cost is the billed calls' cost; the others cost nothing.
 */
public record FundingTotals(UsageTotals billed, long keyChecks, long notSent) {

    public static final FundingTotals NONE = new FundingTotals(UsageTotals.NONE, 0, 0);

    public FundingTotals plus(FundingTotals other) {
        return new FundingTotals(billed.plus(other.billed), keyChecks + other.keyChecks, notSent + other.notSent);
    }
}
