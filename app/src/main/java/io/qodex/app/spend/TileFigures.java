package io.qodex.app.spend;

import io.qodex.domain.spend.FundingTotals;
import io.qodex.domain.spend.UsageTotals;
import java.util.ArrayList;
import java.util.List;

/**
 * What one tile says: the amount, and the billed calls and tokens behind it (with a note on who pays, said only where
 * something was billed); key checks and calls refused before sending are named apart, as free.
 */
record TileFigures(String amount, String detail) {

    static TileFigures of(FundingTotals totals) {
        return of(totals, "");
    }

    static TileFigures of(FundingTotals totals, String note) {
        return new TileFigures(totals.billed().cost().display(), billed(totals, note));
    }

    /** "901 calls · 3,301,124 in / 485,609 out tokens". */
    static String calls(UsageTotals totals) {
        return String.format("%,d call%s · %,d in / %,d out tokens", totals.calls(), totals.calls() == 1 ? "" : "s",
                totals.inputTokens(), totals.outputTokens());
    }

    private static String billed(FundingTotals totals, String note) {
        List<String> parts = new ArrayList<>();
        if (totals.billed().calls() > 0) {
            parts.add(calls(totals.billed()));
            if (!note.isEmpty()) {
                parts.add(note);
            }
        } else {
            parts.add("No billed calls");
        }
        List<String> free = new ArrayList<>();
        if (totals.keyChecks() > 0) {
            free.add(String.format("%,d key check%s", totals.keyChecks(), totals.keyChecks() == 1 ? "" : "s"));
        }
        if (totals.notSent() > 0) {
            free.add(String.format("%,d refused before sending", totals.notSent()));
        }
        if (!free.isEmpty()) {
            parts.add(String.join(", ", free) + " (not billed)");
        }
        return String.join(" · ", parts);
    }
}
