package io.qodex.domain.llm;

import java.time.Duration;

/** The two rolling windows platform-funded spend is capped over (F10): no fixed reset, usage rolls out as it ages. */
public enum CapWindow {
    FIVE_HOUR(Duration.ofHours(5), "5h", "5-hour"),
    WEEKLY(Duration.ofDays(7), "7d", "7-day");

    private final Duration length;
    private final String shortLabel;
    private final String label;

    CapWindow(Duration length, String shortLabel, String label) {
        this.length = length;
        this.shortLabel = shortLabel;
        this.label = label;
    }

    public Duration length() {
        return length;
    }

    public String shortLabel() {
        return shortLabel;
    }

    public String label() {
        return label;
    }
}
