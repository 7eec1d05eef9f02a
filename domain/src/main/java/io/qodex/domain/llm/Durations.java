package io.qodex.domain.llm;

import java.time.Duration;

/** Short human durations for "headroom returns in …": "now", "45 s", "12 min", "2 h 05 min", "3 d 4 h". */
public final class Durations {

    private Durations() {
    }

    public static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0));
        if (seconds == 0) {
            return "now";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + " h " + String.format("%02d", minutes % 60) + " min";
        }
        return hours / 24 + " d " + hours % 24 + " h";
    }
}
