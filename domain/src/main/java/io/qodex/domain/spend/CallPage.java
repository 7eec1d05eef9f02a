package io.qodex.domain.spend;

import java.util.List;
import java.util.Optional;

/** One page of the table of calls, newest first; {@code next} continues after the last row (keyset paging). */
public record CallPage(List<CallEntry> rows, Optional<Cursor> next) {

    /** Where a page ends: the last row's time and id. */
    public record Cursor(java.time.Instant at, long rowId) {
    }
}
