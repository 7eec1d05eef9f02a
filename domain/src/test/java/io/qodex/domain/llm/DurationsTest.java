package io.qodex.domain.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource(textBlock = """
            0,       now
            1,       1 s
            59,      59 s
            60,      1 min
            61,      2 min
            3599,    1 h 00 min
            3600,    1 h 00 min
            7500,    2 h 05 min
            86400,   1 d 0 h
            601200,  6 d 23 h
            """)
    void readsLikeAPersonWouldSayIt(long seconds, String text) {
        assertThat(Durations.human(Duration.ofSeconds(seconds))).isEqualTo(text);
    }
}
