package io.qodex.app.spend;

import io.qodex.domain.spend.UsageTotals;

/** What one tile says: the amount, and the calls and tokens behind it (with a note on who pays, where it matters). */
record TileFigures(String amount, String detail) {

    static TileFigures of(UsageTotals totals) {
        return new TileFigures(totals.cost().display(), calls(totals));
    }

    static TileFigures of(UsageTotals totals, String note) {
        return new TileFigures(totals.cost().display(), calls(totals) + " · " + note);
    }

    /** "901 calls · 3,301,124 in / 485,609 out tokens". */
    static String calls(UsageTotals totals) {
        return String.format("%,d call%s · %,d in / %,d out tokens", totals.calls(), totals.calls() == 1 ? "" : "s",
                totals.inputTokens(), totals.outputTokens());
    }
}
