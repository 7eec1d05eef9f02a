package io.qodex.app.spend;

import io.qodex.domain.llm.Money;
import io.qodex.domain.spend.SpendSeries;
import io.qodex.domain.spend.TopAndOther;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost per day as stacked bars: the days on the axis ("11-27", UTC) and at most {@link #LIMIT} stacks, largest
 * first, the smallest added up as "other (n)".
 */
record DailyStacks(List<String> days, List<Stack> stacks) {

    /** The daily chart stacks this many lines; the rest is added up as "other". */
    static final int LIMIT = 7;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");

    /** One stack: its name in the legend and its cost on each day. */
    record Stack(String name, List<Point> points) {

        Stack {
            points = List.copyOf(points);
        }
    }

    /** One day's part of a stack, with its tooltip. */
    record Point(String day, double usd, String tooltip) {
    }

    DailyStacks {
        days = List.copyOf(days);
        stacks = List.copyOf(stacks);
    }

    static DailyStacks of(SpendSeries series) {
        List<String> days = series.days().stream().map(DAY::format).toList();
        List<Stack> stacks = new ArrayList<>();
        for (SpendSeries.Line line : TopAndOther.lines(series, LIMIT).shown()) {
            List<Point> points = new ArrayList<>();
            for (int d = 0; d < days.size(); d++) {
                Money cost = line.costPerDay().get(d);
                points.add(new Point(days.get(d), cost.usd().doubleValue(), line.label() + " · " + days.get(d) + ": "
                        + cost.display()));
            }
            stacks.add(new Stack(line.label(), points));
        }
        return new DailyStacks(days, stacks);
    }

    /** Nothing was spent in the range. */
    boolean empty() {
        return stacks.isEmpty();
    }
}
