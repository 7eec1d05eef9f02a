package io.qodex.domain.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.llm.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopAndOtherTest {

    @ParameterizedTest(name = "{0} rows, at most {1}: {2} as they are, other \"{3}\"")
    @CsvSource(textBlock = """
            # rows, limit, shown as they are, the other entry ('' = none)
               0,   8,     0,  ''
               1,   8,     1,  ''
               8,   8,     8,  ''
               9,   8,     7,  other (2)
              20,   8,     7,  other (13)
               7,   7,     7,  ''
               8,   7,     6,  other (2)
               1,   1,     1,  ''
               2,   1,     0,  other (2)
            """)
    void atMostTheLimitTheSmallestAddedUpAsOther(int count, int limit, int asTheyAre, String other) {
        List<SpendRow> rows = rows(count);

        TopAndOther<SpendRow> shown = TopAndOther.rows(rows, limit);

        assertThat(shown.top()).containsExactlyElementsOf(rows.subList(0, asTheyAre));
        assertThat(shown.other().map(SpendRow::label).orElse("")).isEqualTo(other);
        assertThat(shown.shown()).hasSizeLessThanOrEqualTo(limit);
        assertThat(total(shown.shown())).as("what the chart shows adds up to the whole").isEqualTo(total(rows));
    }

    @Test
    void theOtherRowAddsUpCallsTokensAndCostOfTheRowsItStandsFor() {
        List<SpendRow> rows = List.of(row("gpt-4o", 10, 5_000), row("gpt-4.1", 4, 2_000), row("gpt-4o-mini", 3, 700),
                row("o3", 2, 90));

        TopAndOther<SpendRow> shown = TopAndOther.rows(rows, 3);

        assertThat(shown.top()).extracting(SpendRow::key).containsExactly("gpt-4o", "gpt-4.1");
        assertThat(shown.other()).contains(new SpendRow("other (2)", "other (2)",
                new UsageTotals(5, 500, 50, 5, Money.ofMicros(790))));
        assertThat(shown.shown()).extracting(SpendRow::label).containsExactly("gpt-4o", "gpt-4.1", "other (2)");
    }

    @Test
    void theOtherLineAddsUpCostAndCallsDayByDay() {
        List<LocalDate> days = List.of(LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-26"),
                LocalDate.parse("2026-11-27"));
        SpendSeries series = new SpendSeries(Dimension.MODEL, days, List.of(
                line("gpt-4o", List.of(900L, 0L, 600L), List.of(3L, 0L, 2L)),
                line("gpt-4.1", List.of(100L, 400L, 0L), List.of(1L, 4L, 0L)),
                line("gpt-4o-mini", List.of(20L, 30L, 40L), List.of(2L, 3L, 4L)),
                line("o3", List.of(0L, 7L, 1L), List.of(0L, 1L, 1L))));

        TopAndOther<SpendSeries.Line> shown = TopAndOther.lines(series, 2);

        assertThat(shown.top()).extracting(SpendSeries.Line::key).containsExactly("gpt-4o");
        SpendSeries.Line other = shown.other().orElseThrow();
        assertThat(other.label()).isEqualTo("other (3)");
        assertThat(other.costPerDay()).containsExactly(Money.ofMicros(120), Money.ofMicros(437), Money.ofMicros(41));
        assertThat(other.callsPerDay()).containsExactly(3L, 8L, 5L);
        assertThat(other.total()).isEqualTo(Money.ofMicros(598));
        assertThat(new SpendSeries(Dimension.MODEL, days, shown.shown()).total()).isEqualTo(series.total());
    }

    @Test
    void aSeriesThatFitsIsShownAsItIs() {
        SpendSeries series = new SpendSeries(Dimension.FUNDING, List.of(LocalDate.parse("2026-11-27")),
                List.of(line("platform", List.of(5L), List.of(1L)), line("byok", List.of(3L), List.of(1L))));

        assertThat(TopAndOther.lines(series, 7)).isEqualTo(new TopAndOther<>(series.lines(), Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void aChartShowsAtLeastOneEntry(int limit) {
        assertThatThrownBy(() -> TopAndOther.rows(rows(3), limit)).isInstanceOf(IllegalArgumentException.class);
    }

    /** {@code count} rows, largest first. */
    private static List<SpendRow> rows(int count) {
        return IntStream.range(0, count).mapToObj(i -> row("model-" + i, count - i, 1_000L * (count - i))).toList();
    }

    private static SpendRow row(String key, long calls, long micros) {
        return new SpendRow(key, key, new UsageTotals(calls, 100 * calls, 10 * calls, calls, Money.ofMicros(micros)));
    }

    private static SpendSeries.Line line(String key, List<Long> micros, List<Long> calls) {
        List<Money> cost = new ArrayList<>();
        micros.forEach(m -> cost.add(Money.ofMicros(m)));
        return new SpendSeries.Line(key, key, cost, calls, cost.stream().reduce(Money.ZERO, Money::plus));
    }

    private static UsageTotals total(List<SpendRow> rows) {
        return rows.stream().map(SpendRow::totals).reduce(UsageTotals.NONE, UsageTotals::plus);
    }
}
