package io.qodex.app.spend;

import io.qodex.domain.llm.Durations;
import io.qodex.domain.llm.WindowStatus;

/**
 * What a cap gauge shows of one rolling window: how full the bar is, how alarming, the amounts, and when headroom
 * returns.
 */
record GaugeReading(double filled, Level level, String figures, String when) {

    /** How close the window is to its cap. */
    enum Level {
        FINE,
        /** At 80 % or more. */
        NEARLY_FULL,
        /** Calls are refused until older usage leaves the window. */
        EXHAUSTED
    }

    static GaugeReading of(WindowStatus status) {
        double filled = status.cap().isZero() ? 1 : Math.min(1, status.basisPoints() / 10_000.0);
        Level level = status.exhausted() ? Level.EXHAUSTED : status.warning() ? Level.NEARLY_FULL : Level.FINE;
        String alarm = switch (level) {
            case EXHAUSTED -> " — calls are refused";
            case NEARLY_FULL -> " — nearly full";
            case FINE -> "";
        };
        String figures = status.used().display() + " of " + status.cap().display() + " used (" + status.percent() + ")"
                + alarm;
        String when;
        if (status.cap().isZero()) {
            when = "A cap of $0 allows no calls in this window; an Admin raises it under Caps.";
        } else if (level == Level.EXHAUSTED) {
            when = "Headroom returns in " + Durations.human(status.headroomReturnsIn())
                    + " as older usage leaves the window.";
        } else {
            when = status.headroom().display() + " of headroom" + status.nextRelease()
                    .filter(release -> release.amount().isPositive())
                    .map(release -> "; " + release.amount().display() + " more returns in "
                            + Durations.human(release.in()) + ".")
                    .orElse(". Nothing used in this window.");
        }
        return new GaugeReading(filled, level, figures, when);
    }
}
