package io.qodex.app.spend;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.llm.CapEvent;
import io.qodex.domain.llm.CapWindow;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.WindowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GaugeReadingTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    /** {@code used} USD spent an hour ago in the 5-hour window, which returns in four hours. */
    private static WindowStatus fiveHour(String used, String cap) {
        List<CapEvent> events = Money.parseUsd(used).isZero() ? List.of()
                : List.of(new CapEvent(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(4)),
                        Money.parseUsd(used)));
        return WindowStatus.of(CapWindow.FIVE_HOUR, Money.parseUsd(cap), events, NOW);
    }

    @ParameterizedTest(name = "${0} of ${1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # used | cap | level       | filled | figures                                       | when
            0      | 5   | FINE        | 0.0    | $0 of $5.00 used (0.0%)                       | $5.00 of headroom. Nothing used in this window.
            2.55   | 5   | FINE        | 0.51   | $2.55 of $5.00 used (51.0%)                   | $2.45 of headroom; $2.55 more returns in 4 h 00 min.
            4      | 5   | NEARLY_FULL | 0.8    | $4.00 of $5.00 used (80.0%) — nearly full     | $1.00 of headroom; $4.00 more returns in 4 h 00 min.
            5      | 5   | EXHAUSTED   | 1.0    | $5.00 of $5.00 used (100.0%) — calls are refused | Headroom returns in 4 h 00 min as older usage leaves the window.
            7      | 5   | EXHAUSTED   | 1.0    | $7.00 of $5.00 used (140.0%) — calls are refused | Headroom returns in 4 h 00 min as older usage leaves the window.
            0      | 0   | EXHAUSTED   | 1.0    | $0 of $0 used (0.0%) — calls are refused | A cap of $0 allows no calls in this window; an Admin raises it under Caps.
            """)
    void aGaugeSaysHowFullTheWindowIsAndWhenHeadroomReturns(String used, String cap, GaugeReading.Level level,
                                                            double filled, String figures, String when) {
        GaugeReading reading = GaugeReading.of(fiveHour(used, cap));

        assertThat(reading).isEqualTo(new GaugeReading(filled, level, figures, when));
    }
}
