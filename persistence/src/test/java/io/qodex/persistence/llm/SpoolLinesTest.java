package io.qodex.persistence.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.UsageRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpoolLinesTest {

    @Test
    void aRowSurvivesTheSpoolWithTabsNewlinesAndBackslashesInItsText() {
        UsageRecord row = LlmFixture.record(7, 9, "gpt-4o\tmini", "assistant", Funding.CODEX_POOL, CallOutcome.RATE_LIMITED,
                12, 34, 5, 678, Instant.parse("2026-11-26T12:34:56.123456Z"));
        String line = SpoolLines.encode(row);
        assertThat(line).doesNotContain("\n");
        assertThat(SpoolLines.decode(line)).contains(row);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1\tnot-a-uuid", "v2\tanything", "v1\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t"})
    void aLineThatIsNotARowIsSkipped(String line) {
        assertThat(SpoolLines.decode(line)).isEmpty();
    }

    @Test
    void aLineCutShortByACrashIsSkipped() {
        String line = SpoolLines.encode(LlmFixture.record(1, 2, "m", "s", Funding.BYOK, CallOutcome.OK, 1, 2, 0, 3,
                Instant.now()));
        assertThat(SpoolLines.decode(line.substring(0, line.length() - 10))).isEmpty();
    }
}
