package io.qodex.domain.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @ParameterizedTest
    @CsvSource(textBlock = """
            5,           5000000
            0.25,        250000
            $0.000001,   1
            .5,          500000
            12.,         12000000
            1000000,     1000000000000
            0,           0
            """)
    void parsesDollarsToExactMicros(String text, long micros) {
        assertThat(Money.parseUsd(text)).isEqualTo(Money.ofMicros(micros));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "0.0000001", "1e3", "abc", "1,5", "$", "1.2.3"})
    void refusesWhatIsNotAnAmount(String text) {
        assertThatThrownBy(() -> Money.parseUsd(text)).isInstanceOf(QodexException.class).hasMessageContaining("USD");
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            0,          $0.000000, $0
            1,          $0.000001, $0.000001
            450,        $0.000450, $0.00045
            9999,       $0.009999, $0.009999
            10000,      $0.010000, $0.01
            12500000,   $12.500000, $12.50
            12345678,   $12.345678, $12.35
            -2500,      -$0.002500, -$0.0025
            """)
    void showsEveryMicroPlainAndCentsForPeople(long micros, String plain, String display) {
        assertThat(Money.ofMicros(micros).plain()).isEqualTo(plain);
        assertThat(Money.ofMicros(micros).display()).isEqualTo(display);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            0,       100,  0
            79,      100,  7900
            80,      100,  8000
            100,     100,  10000
            150,     100,  15000
            1,       3,    3333
            0,       0,    0
            1,       0,    10000
            """)
    void sharesAreBasisPointsRoundedDown(long part, long whole, long basisPoints) {
        assertThat(Money.ofMicros(part).basisPointsOf(Money.ofMicros(whole))).isEqualTo(basisPoints);
    }

    @Test
    void arithmeticIsExactAndOverflowIsAnError() {
        assertThat(Money.ofMicros(1).plus(Money.ofMicros(2)).minus(Money.ofMicros(3))).isEqualTo(Money.ZERO);
        assertThatThrownBy(() -> Money.ofMicros(Long.MAX_VALUE).plus(Money.ofMicros(1))).isInstanceOf(ArithmeticException.class);
    }
}
