package io.qodex.app.spend;

import io.qodex.app.common.Tasks;
import io.qodex.domain.spend.CallEntry;
import io.qodex.domain.spend.CallPage;
import io.qodex.domain.spend.CallQuery;
import io.qodex.domain.spend.SpendService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The table of calls, a page at a time: keyset pages of {@link #PAGE_SIZE}, newest first, the first one counted
 * ("Calls 51–100 of 120"). A newer request makes an older answer stale (docs/decisions/0012-spend-and-assistant-views.md).
 */
public final class CallPages {

    /** Rows per page of the table of calls. */
    public static final int PAGE_SIZE = 50;

    private final SpendService spend;
    private final Consumer<String> failed;
    private final ObservableList<CallEntry> calls = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper pageLabel = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper hasNext = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper hasPrevious = new ReadOnlyBooleanWrapper(false);

    /** Where each shown page starts (empty: the first page); the top is the page on screen. */
    private final Deque<Optional<CallPage.Cursor>> pageStarts = new ArrayDeque<>();
    private Optional<CallPage.Cursor> nextStart = Optional.empty();
    private long totalCalls;
    private long generation;

    /** {@code failed} hears why a page could not be read. */
    CallPages(SpendService spend, Consumer<String> failed) {
        this.spend = spend;
        this.failed = failed;
    }

    /** The calls of the page on screen. */
    public ObservableList<CallEntry> calls() {
        return calls;
    }

    public ReadOnlyStringProperty pageLabelProperty() {
        return pageLabel.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasNextProperty() {
        return hasNext.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasPreviousProperty() {
        return hasPrevious.getReadOnlyProperty();
    }

    /** The first page of {@code query}, counting its calls. */
    void first(CallQuery query) {
        pageStarts.clear();
        load(query, Optional.empty(), true);
    }

    /** The next (older) page of the query, if there is one. */
    void next(Supplier<CallQuery> query) {
        if (hasNext.get()) {
            load(query.get(), nextStart, false);
        }
    }

    /** The previous (newer) page of the query, if there is one. */
    void previous(Supplier<CallQuery> query) {
        if (pageStarts.size() > 1) {
            pageStarts.pop();
            Optional<CallPage.Cursor> start = pageStarts.pop();
            load(query.get(), start, false);
        }
    }

    private void load(CallQuery query, Optional<CallPage.Cursor> start, boolean count) {
        long mine = ++generation;
        Tasks.run(() -> new PageRead(spend.calls(query, start, PAGE_SIZE), count ? spend.countCalls(query) : -1))
                .onSuccess(read -> {
                    if (mine == generation) {
                        show(read, start);
                    }
                })
                .onError(problem -> {
                    if (mine == generation) {
                        failed.accept(problem.getMessage());
                    }
                })
                .start();
    }

    private void show(PageRead read, Optional<CallPage.Cursor> start) {
        if (read.total() >= 0) {
            totalCalls = read.total();
        }
        pageStarts.push(start);
        nextStart = read.page().next();
        calls.setAll(read.page().rows());
        hasNext.set(read.page().next().isPresent());
        hasPrevious.set(pageStarts.size() > 1);
        long first = (long) (pageStarts.size() - 1) * PAGE_SIZE;
        pageLabel.set(read.page().rows().isEmpty() ? "No calls match."
                : String.format("Calls %,d–%,d of %,d", first + 1, first + read.page().rows().size(), totalCalls));
    }

    private record PageRead(CallPage page, long total) {
    }
}
