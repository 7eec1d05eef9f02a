package io.qodex.app.spend;

import io.qodex.domain.spend.SpendRow;
import io.qodex.domain.spend.TopAndOther;
import java.util.ArrayList;
import java.util.List;

/**
 * The bars of one breakdown chart, bottom up (a category axis draws its first category at the bottom, so the largest
 * comes last): at most {@link #LIMIT}, the smallest added up as "other (n)" at the bottom. Names are unique on the
 * axis ("(none)" for a blank one).
 */
record BreakdownBars(List<Bar> bottomUp) {

    /** Breakdown charts show this many bars; the rest is added up as "other". */
    static final int LIMIT = 8;

    /** One bar: its name on the axis, its cost in USD and its tooltip. */
    record Bar(String name, double usd, String tooltip) {
    }

    BreakdownBars {
        bottomUp = List.copyOf(bottomUp);
    }

    static BreakdownBars of(List<SpendRow> rows) {
        TopAndOther<SpendRow> shown = TopAndOther.rows(rows, LIMIT);
        List<Bar> bars = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = shown.top().size() - 1; i >= 0; i--) {
            SpendRow row = shown.top().get(i);
            String name = unique(names, row.label());
            names.add(name);
            bars.add(new Bar(name, row.totals().cost().usd().doubleValue(), name + ": " + row.totals().cost().display()
                    + " · " + TileFigures.calls(row.totals())));
        }
        shown.other().ifPresent(other -> bars.add(0, new Bar(other.label(), other.totals().cost().usd().doubleValue(),
                other.label() + ": " + other.totals().cost().display())));
        return new BreakdownBars(bars);
    }

    private static String unique(List<String> taken, String label) {
        String name = label.isBlank() ? "(none)" : label;
        String candidate = name;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = name + " (" + n + ")";
        }
        return candidate;
    }
}
