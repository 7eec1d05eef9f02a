package io.qodex.domain.spend;

import io.qodex.domain.llm.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a chart shows of a breakdown or a series whose entries come largest first (as {@link SpendService} returns
 * them): every entry while there are at most {@code limit}; past that the largest {@code limit - 1} and one
 * "other (n)" entry that adds up the n smaller ones. A chart so never holds more than {@code limit} bars or stacks,
 * and what it shows still adds up to the whole.
 *
 * @param top   the entries shown as they are, largest first
 * @param other the smaller entries added up, when there are too many to show each; its key and label are both
 *              "other (n)"
 */
public record TopAndOther<T>(List<T> top, Optional<T> other) {

    public TopAndOther {
        top = List.copyOf(top);
    }

    /** The rows of a breakdown; the other row adds up the calls, tokens and cost of the rows it stands for. */
    public static TopAndOther<SpendRow> rows(List<SpendRow> rows, int limit) {
        int keep = keep(rows.size(), limit);
        if (keep == rows.size()) {
            return new TopAndOther<>(rows, Optional.empty());
        }
        UsageTotals rest = UsageTotals.NONE;
        for (SpendRow row : rows.subList(keep, rows.size())) {
            rest = rest.plus(row.totals());
        }
        String label = otherLabel(rows.size() - keep);
        return new TopAndOther<>(rows.subList(0, keep), Optional.of(new SpendRow(label, label, rest)));
    }

    /** The lines of a series; the other line adds up the cost and the calls of the lines it stands for, day by day. */
    public static TopAndOther<SpendSeries.Line> lines(SpendSeries series, int limit) {
        List<SpendSeries.Line> lines = series.lines();
        int keep = keep(lines.size(), limit);
        if (keep == lines.size()) {
            return new TopAndOther<>(lines, Optional.empty());
        }
        List<SpendSeries.Line> rest = lines.subList(keep, lines.size());
        int days = series.days().size();
        List<Money> costPerDay = new ArrayList<>(days);
        List<Long> callsPerDay = new ArrayList<>(days);
        for (int day = 0; day < days; day++) {
            Money cost = Money.ZERO;
            long calls = 0;
            for (SpendSeries.Line line : rest) {
                cost = cost.plus(line.costPerDay().get(day));
                calls += line.callsPerDay().get(day);
            }
            costPerDay.add(cost);
            callsPerDay.add(calls);
        }
        Money total = Money.ZERO;
        for (SpendSeries.Line line : rest) {
            total = total.plus(line.total());
        }
        String label = otherLabel(rest.size());
        return new TopAndOther<>(lines.subList(0, keep), Optional.of(new SpendSeries.Line(label, label,
                List.copyOf(costPerDay), List.copyOf(callsPerDay), total)));
    }

    /** What the chart draws, largest first: the top entries, then the other one if there is one. */
    public List<T> shown() {
        List<T> shown = new ArrayList<>(top);
        other.ifPresent(shown::add);
        return List.copyOf(shown);
    }

    private static int keep(int entries, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a chart shows at least one entry, not " + limit);
        }
        return entries <= limit ? entries : limit - 1;
    }

    private static String otherLabel(int count) {
        return "other (" + count + ")";
    }
}
