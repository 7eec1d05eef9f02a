package io.qodex.domain.spend;

import io.qodex.domain.llm.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * Cost per day stacked by a dimension, ready for a stacked area or bar chart: every line has one value per day of
 * {@code days} (zero where nothing was spent); lines are ordered by their total, largest first.
 */
public record SpendSeries(Dimension stackedBy, List<LocalDate> days, List<Line> lines) {

    public record Line(String key, String label, List<Money> costPerDay, List<Long> callsPerDay, Money total) {
    }

    public Money total() {
        Money sum = Money.ZERO;
        for (Line line : lines) {
            sum = sum.plus(line.total());
        }
        return sum;
    }
}
