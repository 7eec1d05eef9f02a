package io.qodex.domain.spend;

import io.qodex.domain.common.QodexException;
import java.time.Instant;

/** Which calls the table shows: a scope, a time range [from, to) and a filter. */
public record CallQuery(SpendScope scope, Instant from, Instant to, SpendFilter filter) {

    public CallQuery {
        if (!to.isAfter(from)) {
            throw QodexException.invalid("range", "The time range must end after it starts.");
        }
    }

    public static CallQuery of(SpendScope scope, DayRange range, SpendFilter filter) {
        return new CallQuery(scope, range.start(), range.end(), filter);
    }
}
