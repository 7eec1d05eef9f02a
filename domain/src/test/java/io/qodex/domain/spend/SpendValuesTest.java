package io.qodex.domain.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.TokenUsage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpendValuesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T23:30:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource(textBlock = """
            7d,          2026-11-20, 2026-11-26
            1d,          2026-11-26, 2026-11-26
            2w,          2026-11-13, 2026-11-26
            30D,         2026-10-28, 2026-11-26
            2026-11-01,  2026-11-01, 2026-11-26
            """)
    void sinceMeansWholeUtcDaysUpToToday(String since, String first, String last) {
        assertThat(DayRange.since(since, CLOCK)).isEqualTo(new DayRange(LocalDate.parse(first), LocalDate.parse(last)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0d", "7", "7h", "yesterday", "2026-13-01", "2027-01-01"})
    void otherPeriodsAreRefused(String since) {
        assertThatThrownBy(() -> DayRange.since(since, CLOCK)).isInstanceOf(QodexException.class);
    }

    @Test
    void csvFieldsAreQuotedAndNeverFormulas() {
        assertThat(CallsCsv.quote("plain")).isEqualTo("plain");
        assertThat(CallsCsv.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(CallsCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CallsCsv.quote("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(CallsCsv.quote("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(CallsCsv.quote("-1")).isEqualTo("'-1");
        assertThat(CallsCsv.quote("")).isEmpty();
    }

    @Test
    void aCsvLineHasTheHeadersColumnsInOrder() {
        CallEntry call = new CallEntry(1, UUID.fromString("00000000-0000-0000-0000-000000000001"),
                Instant.parse("2026-11-26T10:00:00.5Z"), 3, "shop", "ada@example.com", "openai", "gpt-4o", "assistant",
                Funding.PLATFORM, CallOutcome.RATE_LIMITED, new TokenUsage(10, 5, 2), 120, Money.ofMicros(1234),
                Optional.of("429: slow down, please"));
        assertThat(CallsCsv.line(call)).isEqualTo("2026-11-26T10:00:00.500Z,00000000-0000-0000-0000-000000000001,shop,"
                + "ada@example.com,openai,gpt-4o,assistant,platform,rate_limited,10,5,2,120,0.001234,\"429: slow down, please\"");
        assertThat(CallsCsv.HEADER.split(",")).hasSize(CallsCsv.line(call).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)").length);
    }

    @Test
    void aDayRangeKnowsItsInstants() {
        DayRange range = new DayRange(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"));
        assertThat(range.days()).hasSize(3);
        assertThat(range.start()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(range.end()).isEqualTo(Instant.parse("2026-11-04T00:00:00Z"));
    }
}
