package io.qodex.domain.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionFreshnessTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Instant CAPTURED = NOW.minus(Duration.ofHours(1));

    @ParameterizedTest(name = "expires {0} from now -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            PT-1S      | expired              | true
            PT0S       | expired              | true
            PT30S      | expires in 30 s      | true
            PT2M       | expires in 2 min     | true
            PT2M1S     | expires in 2 min     | false
            PT3H20M    | expires in 3 h 20 min| false
            PT5H       | expires in 5 h       | false
            PT23H59M   | expires in 23 h 59 min| false
            PT24H      | fresh                | false
            P30D       | fresh                | false
            """)
    void labelsByTimeLeft(Duration left, String label, boolean recapture) {
        SessionFreshness freshness = SessionFreshness.of(Optional.of(CAPTURED), Optional.of(NOW.plus(left)), NOW);

        assertThat(freshness.label()).isEqualTo(label);
        assertThat(freshness.needsRecapture(Duration.ofMinutes(2))).isEqualTo(recapture);
    }

    @Test
    void aSessionWithoutCookieExpiryIsFresh() {
        SessionFreshness freshness = SessionFreshness.of(Optional.of(CAPTURED), Optional.empty(), NOW);

        assertThat(freshness).isInstanceOf(SessionFreshness.Fresh.class);
        assertThat(freshness.label()).isEqualTo("fresh");
        assertThat(freshness.needsRecapture(Duration.ofMinutes(2))).isFalse();
    }

    @Test
    void noCaptureMeansNoSession() {
        SessionFreshness freshness = SessionFreshness.of(Optional.empty(), Optional.empty(), NOW);

        assertThat(freshness.label()).isEqualTo("no session");
        assertThat(freshness.needsRecapture(Duration.ZERO)).isTrue();
    }
}
