package io.qodex.app.spend;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.llm.Money;
import io.qodex.domain.spend.Dimension;
import io.qodex.domain.spend.SpendRow;
import io.qodex.domain.spend.SpendSeries;
import io.qodex.domain.spend.UsageTotals;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the breakdown and daily charts draw: order, names, "other" and tooltips. */
class SpendChartFiguresTest {

    private static SpendRow row(String label, long calls, long micros) {
        return new SpendRow(label, label, new UsageTotals(calls, 1_000 * calls, 100 * calls, 0, Money.ofMicros(micros)));
    }

    @Test
    void theLargestIsDrawnOnTopAndEveryNameIsUniqueOnTheAxis() {
        BreakdownBars bars = BreakdownBars.of(List.of(row("gpt-4o", 3, 2_500_000), row("", 2, 40_000),
                row("gpt-4o", 1, 7)));

        assertThat(bars.bottomUp()).extracting(BreakdownBars.Bar::name).containsExactly("gpt-4o", "(none)",
                "gpt-4o (2)");
        assertThat(bars.bottomUp()).extracting(BreakdownBars.Bar::usd).containsExactly(0.000007, 0.04, 2.5);
        assertThat(bars.bottomUp().get(2).tooltip())
                .isEqualTo("gpt-4o (2): $2.50 · 3 calls · 3,000 in / 300 out tokens");
        assertThat(bars.bottomUp().get(0).tooltip()).isEqualTo("gpt-4o: $0.000007 · 1 call · 1,000 in / 100 out tokens");
    }

    @Test
    void pastEightBarsTheSmallestAreAddedUpAsOtherAtTheBottom() {
        List<SpendRow> rows = IntStream.rangeClosed(1, 10).mapToObj(i -> row("user-" + i, 1, 1_000_000L * (11 - i)))
                .toList();

        BreakdownBars bars = BreakdownBars.of(rows);

        List<String> expected = new ArrayList<>(List.of("other (3)"));
        List<String> top = new ArrayList<>(IntStream.rangeClosed(1, 7).mapToObj(i -> "user-" + i).toList());
        Collections.reverse(top);
        expected.addAll(top);
        assertThat(bars.bottomUp()).extracting(BreakdownBars.Bar::name).containsExactlyElementsOf(expected);
        assertThat(bars.bottomUp().get(0).tooltip()).isEqualTo("other (3): $6.00");
    }

    @Test
    void theDailyChartStacksAtMostSevenLinesAndNamesEveryDay() {
        List<LocalDate> days = List.of(LocalDate.parse("2026-11-26"), LocalDate.parse("2026-11-27"));
        List<SpendSeries.Line> lines = IntStream.rangeClosed(1, 9).mapToObj(i -> new SpendSeries.Line("m" + i, "m" + i,
                List.of(Money.ofMicros(10L * (10 - i)), Money.ofMicros(1)), List.of(1L, 1L),
                Money.ofMicros(10L * (10 - i) + 1))).toList();

        DailyStacks stacks = DailyStacks.of(new SpendSeries(Dimension.MODEL, days, lines));

        assertThat(stacks.days()).containsExactly("11-26", "11-27");
        assertThat(stacks.stacks()).extracting(DailyStacks.Stack::name)
                .containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "other (3)");
        DailyStacks.Point otherOnTheFirstDay = stacks.stacks().get(6).points().get(0);
        assertThat(otherOnTheFirstDay).isEqualTo(new DailyStacks.Point("11-26", 0.00006, "other (3) · 11-26: $0.00006"));
        assertThat(DailyStacks.of(new SpendSeries(Dimension.MODEL, days, List.of())).empty()).isTrue();
    }
}
