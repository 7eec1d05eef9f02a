package io.qodex.domain.apikey;

import io.qodex.domain.common.QodexException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How long a key lives: {@code 12h}, {@code 30d}, {@code 2w}, {@code 1m} (a month, 30 days), {@code 1y}; at most a year. */
public final class ApiKeyLifetime {

    public static final Duration MAX = Duration.ofDays(365);
    static final Duration MIN = Duration.ofHours(1);
    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,4})\\s*([hdwmy])");

    private ApiKeyLifetime() {
    }

    public static Duration parse(String text) {
        Matcher matcher = FORMAT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw QodexException.invalid("expires-in", "--expires-in takes a number and a unit: 12h, 30d, 2w, 1m (a month)"
                    + " or 1y (\"" + text.strip() + "\" given).");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration lifetime = switch (matcher.group(2)) {
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            case "w" -> Duration.ofDays(7 * amount);
            case "m" -> Duration.ofDays(30 * amount);
            default -> Duration.ofDays(365 * amount);
        };
        return check(lifetime);
    }

    static Duration check(Duration lifetime) {
        if (lifetime.compareTo(MIN) < 0 || lifetime.compareTo(MAX) > 0) {
            throw QodexException.invalid("expires-in", "A key lives between an hour and a year (--expires-in 1h to 1y).");
        }
        return lifetime;
    }
}
