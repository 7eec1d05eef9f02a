package io.qodex.domain.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One rolling window of one project right now: used, cap, share, and when headroom returns (a gauge in the spend
 * view, a line of {@code qodex caps show}). Computed exactly from the window's events.
 *
 * @param nextRelease when the oldest spend still inside the window leaves it, and how much leaves then
 */
public record WindowStatus(CapWindow window, Money used, Money cap, Instant at, List<CapEvent> events) {

    /** At this share of a cap (80 %) the caller is warned. */
    public static final long WARN_AT_BASIS_POINTS = 8_000;

    public WindowStatus {
        events = events.stream().sorted(Comparator.comparing(CapEvent::leavesAt)).toList();
    }

    public static WindowStatus of(CapWindow window, Money cap, List<CapEvent> events, Instant now) {
        Money used = Money.ZERO;
        for (CapEvent event : events) {
            used = used.plus(event.amount());
        }
        return new WindowStatus(window, used, cap, now, events);
    }

    /** Basis points of the cap used (10,000 = 100 %). */
    public long basisPoints() {
        return used.basisPointsOf(cap);
    }

    /** "42.5%" (one decimal, rounded down). */
    public String percent() {
        long bp = basisPoints();
        return bp / 100 + "." + (bp % 100) / 10 + "%";
    }

    public boolean warning() {
        return basisPoints() >= WARN_AT_BASIS_POINTS;
    }

    public boolean exhausted() {
        return used.compareTo(cap) >= 0;
    }

    public Money headroom() {
        return exhausted() ? Money.ZERO : cap.minus(used);
    }

    /**
     * How long until a call costing {@code needed} fits: zero if it fits now, empty if it never can (it is larger than
     * the cap itself). Walks the events in the order they leave the window until enough has rolled out.
     */
    public Optional<Duration> roomFor(Money needed) {
        if (needed.exceeds(cap)) {
            return Optional.empty();
        }
        Money remaining = used;
        if (!remaining.plus(needed).exceeds(cap)) {
            return Optional.of(Duration.ZERO);
        }
        for (CapEvent event : events) {
            remaining = remaining.minus(event.amount());
            if (!remaining.plus(needed).exceeds(cap)) {
                Duration wait = Duration.between(at, event.leavesAt());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            }
        }
        return Optional.of(Duration.ZERO); // every event has left by then (only reachable with inconsistent input)
    }

    /** "Headroom returns in …": when usage drops below the cap again; zero while there is headroom. */
    public Duration headroomReturnsIn() {
        return exhausted() ? roomFor(Money.ofMicros(Math.min(1, cap.micros()))).orElse(Duration.ZERO) : Duration.ZERO;
    }

    /** When the oldest spend still in the window rolls out, and how much rolls out at that moment. */
    public Optional<Release> nextRelease() {
        if (events.isEmpty()) {
            return Optional.empty();
        }
        Instant first = events.get(0).leavesAt();
        Money amount = Money.ZERO;
        for (CapEvent event : events) {
            if (!event.leavesAt().equals(first)) {
                break;
            }
            amount = amount.plus(event.amount());
        }
        Duration in = Duration.between(at, first);
        return Optional.of(new Release(in.isNegative() ? Duration.ZERO : in, amount));
    }

    /** Spend that leaves the window {@code in} from now. */
    public record Release(Duration in, Money amount) {
    }

    /** The usage curve of the window from now until it is empty: (time from now, used) steps, for a chart. */
    public List<Release> releaseSchedule() {
        List<Release> steps = new ArrayList<>();
        Money remaining = used;
        for (CapEvent event : events) {
            remaining = remaining.minus(event.amount());
            Duration in = Duration.between(at, event.leavesAt());
            steps.add(new Release(in.isNegative() ? Duration.ZERO : in, remaining));
        }
        return steps;
    }
}
