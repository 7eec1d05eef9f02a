package io.qodex.domain.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class WindowStatusTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static CapEvent spent(long micros, Duration ago, Duration window) {
        Instant at = NOW.minus(ago);
        return new CapEvent(at, at.plus(window), Money.ofMicros(micros));
    }

    @Test
    void headroomReturnsWhenTheOldestSpendRollsOut() {
        Duration five = CapWindow.FIVE_HOUR.length();
        List<CapEvent> events = List.of(spent(300, Duration.ofMinutes(290), five), spent(500, Duration.ofMinutes(60), five),
                spent(200, Duration.ofMinutes(10), five));
        WindowStatus status = WindowStatus.of(CapWindow.FIVE_HOUR, Money.ofMicros(1000), events, NOW);
        assertThat(status.used()).isEqualTo(Money.ofMicros(1000));
        assertThat(status.exhausted()).isTrue();
        assertThat(status.percent()).isEqualTo("100.0%");
        assertThat(status.headroomReturnsIn()).isEqualTo(Duration.ofMinutes(10));
        assertThat(status.roomFor(Money.ofMicros(300))).contains(Duration.ofMinutes(10));
        assertThat(status.roomFor(Money.ofMicros(301))).contains(Duration.ofMinutes(240));
        assertThat(status.roomFor(Money.ofMicros(1000))).contains(Duration.ofMinutes(290));
        assertThat(status.roomFor(Money.ofMicros(1001))).as("larger than the cap").isEmpty();
        assertThat(status.nextRelease()).contains(new WindowStatus.Release(Duration.ofMinutes(10), Money.ofMicros(300)));
        assertThat(status.releaseSchedule()).extracting(WindowStatus.Release::amount)
                .containsExactly(Money.ofMicros(700), Money.ofMicros(200), Money.ZERO);
    }

    @Test
    void warningAtEightyPercentAndHeadroomNowBelowTheCap() {
        WindowStatus status = WindowStatus.of(CapWindow.WEEKLY, Money.ofMicros(1000),
                List.of(spent(800, Duration.ofDays(1), CapWindow.WEEKLY.length())), NOW);
        assertThat(status.warning()).isTrue();
        assertThat(status.exhausted()).isFalse();
        assertThat(status.headroom()).isEqualTo(Money.ofMicros(200));
        assertThat(status.headroomReturnsIn()).isEqualTo(Duration.ZERO);
        assertThat(status.roomFor(Money.ofMicros(200))).contains(Duration.ZERO);
        assertThat(status.roomFor(Money.ofMicros(201))).contains(Duration.ofDays(6));
        assertThat(WindowStatus.of(CapWindow.WEEKLY, Money.ofMicros(1000),
                List.of(spent(799, Duration.ofDays(1), CapWindow.WEEKLY.length())), NOW).warning()).isFalse();
    }

    @Test
    void aZeroCapRefusesEverythingButFreeCalls() {
        WindowStatus status = WindowStatus.of(CapWindow.FIVE_HOUR, Money.ZERO, List.of(), NOW);
        assertThat(status.roomFor(Money.ZERO)).contains(Duration.ZERO);
        assertThat(status.roomFor(Money.ofMicros(1))).isEmpty();
        assertThat(status.exhausted()).isTrue();
    }

    record Case(long cap, long needed, List<CapEvent> events) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<CapEvent> event = Combinators.combine(Arbitraries.longs().between(0, 2_000),
                Arbitraries.longs().between(0, 5 * 3600)).as((micros, agoSeconds) ->
                spent(micros, Duration.ofSeconds(agoSeconds), CapWindow.FIVE_HOUR.length()));
        return Combinators.combine(Arbitraries.longs().between(0, 10_000), Arbitraries.longs().between(0, 12_000),
                event.list().ofMaxSize(30)).as(Case::new);
    }

    /** The answer is the earliest moment (now or when an event leaves) at which the call fits; brute force agrees. */
    @Property
    void roomForIsTheEarliestMomentTheCallFits(@ForAll("cases") Case c) {
        WindowStatus status = WindowStatus.of(CapWindow.FIVE_HOUR, Money.ofMicros(c.cap()), c.events(), NOW);
        List<Duration> moments = new ArrayList<>(List.of(Duration.ZERO));
        c.events().forEach(e -> moments.add(Duration.between(NOW, e.leavesAt())));
        Optional<Duration> earliest = moments.stream().sorted()
                .filter(t -> usedAt(c.events(), t) + c.needed() <= c.cap()).findFirst();
        assertThat(status.roomFor(Money.ofMicros(c.needed()))).isEqualTo(earliest);
    }

    @Property
    void usedIsTheSumAndNeverExceedsItsEvents(@ForAll("cases") Case c, @ForAll @LongRange(min = 0, max = 1) long ignored) {
        WindowStatus status = WindowStatus.of(CapWindow.FIVE_HOUR, Money.ofMicros(c.cap()), c.events(), NOW);
        assertThat(status.used().micros()).isEqualTo(usedAt(c.events(), Duration.ofNanos(-1)));
    }

    private static long usedAt(List<CapEvent> events, Duration fromNow) {
        Instant at = NOW.plus(fromNow);
        return events.stream().filter(e -> e.leavesAt().isAfter(at)).mapToLong(e -> e.amount().micros()).sum();
    }
}
