package io.qodex.domain.spend;

import io.qodex.domain.common.QodexException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whole UTC days, first and last included: the grain of the daily rollup and of the charts. */
public record DayRange(LocalDate first, LocalDate last) {

    private static final Pattern SINCE = Pattern.compile("^(\\d{1,4})([dw])$");

    public DayRange {
        if (last.isBefore(first)) {
            throw QodexException.invalid("since", "The range ends (" + last + ") before it starts (" + first + ").");
        }
        if (ChronoUnit.DAYS.between(first, last) > 3660) {
            throw QodexException.invalid("since", "A range covers at most ten years.");
        }
    }

    /** The last {@code days} days, today (UTC) included. */
    public static DayRange lastDays(int days, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return new DayRange(today.minusDays(Math.max(1, days) - 1L), today);
    }

    /** "7d", "2w" (the last 7 or 14 days, today included) or a date "2026-11-01" (that day until today). */
    public static DayRange since(String text, Clock clock) {
        String raw = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = SINCE.matcher(raw);
        if (matcher.matches()) {
            int count = Integer.parseInt(matcher.group(1));
            if (count < 1) {
                throw QodexException.invalid("since", "--since needs at least one day.");
            }
            return lastDays(matcher.group(2).equals("w") ? count * 7 : count, clock);
        }
        try {
            return new DayRange(LocalDate.parse(raw), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        } catch (java.time.format.DateTimeParseException e) {
            throw QodexException.invalid("since", "\"" + text + "\" is not a period: use e.g. 7d, 30d, 2w or a date "
                    + "like 2026-11-01.");
        }
    }

    public List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }

    public Instant start() {
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant after the range. */
    public Instant end() {
        return last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
