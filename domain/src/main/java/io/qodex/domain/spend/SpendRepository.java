package io.qodex.domain.spend;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Spend as the database holds it (port), through row-level security. Groupings read only the rollups (never the raw
 * log); the call table and the export read the log through its indexes.
 */
public interface SpendRepository {

    /** Totals grouped by one or two dimensions (second empty: one). Labels name models, users, projects. */
    List<SpendCell> group(SpendScope scope, DayRange range, SpendFilter filter, Dimension first, Optional<Dimension> second);

    /** Up to {@code limit} calls, newest first, after {@code after}. */
    CallPage calls(CallQuery query, Optional<CallPage.Cursor> after, int limit);

    long countCalls(CallQuery query);

    /** Every call of the query, newest first, streamed (the CSV export). */
    void forEachCall(CallQuery query, Consumer<CallEntry> sink);
}
