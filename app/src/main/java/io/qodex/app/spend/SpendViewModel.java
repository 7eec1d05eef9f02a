package io.qodex.app.spend;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.CapReport;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.project.Project;
import io.qodex.domain.spend.CallEntry;
import io.qodex.domain.spend.CallPage;
import io.qodex.domain.spend.CallQuery;
import io.qodex.domain.spend.DayRange;
import io.qodex.domain.spend.Dimension;
import io.qodex.domain.spend.SpendFilter;
import io.qodex.domain.spend.SpendRow;
import io.qodex.domain.spend.SpendScope;
import io.qodex.domain.spend.SpendSeries;
import io.qodex.domain.spend.SpendService;
import io.qodex.domain.spend.UsageTotals;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * F11 spend of one project (or, for org admins, of the whole organization broken down per project): totals by who
 * pays, the cost per day stacked by model or funding, breakdowns by source, user, model (and project), the two cap
 * gauges, and the filtered, paged table of calls with its CSV export. Every query runs off the FX thread; a newer
 * request makes an older answer stale (it is dropped), so quick filter changes never show mixed numbers.
 */
public final class SpendViewModel {

    /** Rows per page of the table of calls. */
    public static final int PAGE_SIZE = 50;

    /** The time ranges offered (whole UTC days, today included). */
    public enum Range {
        TODAY("Today", 1),
        WEEK("Last 7 days", 7),
        MONTH("Last 30 days", 30),
        QUARTER("Last 90 days", 90);

        private final String label;
        private final int days;

        Range(String label, int days) {
            this.label = label;
            this.days = days;
        }

        public String label() {
            return label;
        }

        public DayRange days(Clock clock) {
            return DayRange.lastDays(days, clock);
        }
    }

    /** What the charts and tiles show, read in one go. */
    public record Overview(Map<Funding, UsageTotals> byFunding, UsageTotals total, SpendSeries series,
                           List<SpendRow> bySource, List<SpendRow> byUser, List<SpendRow> byModel,
                           List<SpendRow> byProject, Optional<CapReport> caps, List<String> models,
                           List<String> sources, List<SpendRow> projects) {
    }

    private final Workspace workspace;
    private final Project project;
    private final SpendService spend;
    private final Clock clock = Clock.systemUTC();

    private final BooleanProperty organization = new SimpleBooleanProperty(false);
    private final ObjectProperty<Range> range = new SimpleObjectProperty<>(Range.MONTH);
    private final ObjectProperty<Dimension> stackBy = new SimpleObjectProperty<>(Dimension.MODEL);
    private final ObjectProperty<@Nullable String> model = new SimpleObjectProperty<>();
    private final ObjectProperty<@Nullable String> source = new SimpleObjectProperty<>();
    private final ObjectProperty<@Nullable CallOutcome> outcome = new SimpleObjectProperty<>();
    private final ObjectProperty<@Nullable Funding> funding = new SimpleObjectProperty<>();
    private final ObjectProperty<@Nullable SpendRow> projectFilter = new SimpleObjectProperty<>();

    private final ReadOnlyObjectWrapper<@Nullable Overview> overview = new ReadOnlyObjectWrapper<>();
    private final ObservableList<CallEntry> calls = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper pageLabel = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper hasNext = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper hasPrevious = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    /** Where each shown page starts (empty: the first page); the top is the page on screen. */
    private final Deque<Optional<CallPage.Cursor>> pageStarts = new ArrayDeque<>();
    private Optional<CallPage.Cursor> nextStart = Optional.empty();
    private long totalCalls;
    private long generation;
    private long pageGeneration;
    private boolean batching;

    public SpendViewModel(Workspace workspace, Project project) {
        this.workspace = workspace;
        this.project = project;
        this.spend = workspace.llm().spend();
        organization.addListener((obs, old, now) -> {
            if (!now && stackBy.get() == Dimension.PROJECT) {
                stackBy.set(Dimension.MODEL);
            }
            if (!now) {
                projectFilter.set(null);
            }
            reload();
        });
        range.addListener((obs, old, now) -> reload());
        stackBy.addListener((obs, old, now) -> reload());
        model.addListener((obs, old, now) -> reload());
        source.addListener((obs, old, now) -> reload());
        outcome.addListener((obs, old, now) -> reload());
        funding.addListener((obs, old, now) -> reload());
        projectFilter.addListener((obs, old, now) -> {
            if (!(old == null ? now == null : now != null && old.key().equals(now.key()))) {
                reload();
            }
        });
    }

    public Project project() {
        return project;
    }

    /** Org admins may switch to the organization's spend. */
    public boolean orgAdmin() {
        return workspace.account().orgRole() == OrgRole.ADMIN;
    }

    public BooleanProperty organizationProperty() {
        return organization;
    }

    public ObjectProperty<Range> rangeProperty() {
        return range;
    }

    public ObjectProperty<Dimension> stackByProperty() {
        return stackBy;
    }

    public ObjectProperty<@Nullable String> modelProperty() {
        return model;
    }

    public ObjectProperty<@Nullable String> sourceProperty() {
        return source;
    }

    public ObjectProperty<@Nullable CallOutcome> outcomeProperty() {
        return outcome;
    }

    public ObjectProperty<@Nullable Funding> fundingProperty() {
        return funding;
    }

    public ObjectProperty<@Nullable SpendRow> projectFilterProperty() {
        return projectFilter;
    }

    public ReadOnlyObjectProperty<@Nullable Overview> overviewProperty() {
        return overview.getReadOnlyProperty();
    }

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

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty exportingProperty() {
        return exporting.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True when any filter narrows the calls. */
    public boolean filtered() {
        return model.get() != null || source.get() != null || outcome.get() != null || funding.get() != null
                || projectFilter.get() != null;
    }

    /** Clears every filter with one reload. */
    public void clearFilters() {
        batching = true;
        try {
            model.set(null);
            source.set(null);
            outcome.set(null);
            funding.set(null);
            projectFilter.set(null);
        } finally {
            batching = false;
        }
        reload();
    }

    /** Runs {@code change} (the view refreshing the filters' choices) and reloads only if the filter changed. */
    public void withoutReload(Runnable change) {
        SpendFilter before = filter();
        boolean outer = batching;
        batching = true;
        try {
            change.run();
        } finally {
            batching = outer;
        }
        if (!outer && !filter().equals(before)) {
            reload();
        }
    }

    public SpendScope scope() {
        return organization.get() ? spend.organization() : spend.scope(project);
    }

    public SpendFilter filter() {
        SpendRow chosenProject = projectFilter.get();
        return new SpendFilter(Optional.ofNullable(model.get()), Optional.ofNullable(source.get()),
                Optional.ofNullable(funding.get()), Optional.ofNullable(outcome.get()),
                organization.get() && chosenProject != null ? OptionalLong.of(Long.parseLong(chosenProject.key()))
                        : OptionalLong.empty());
    }

    /** The calls the table and the CSV export show. */
    public CallQuery query() {
        return CallQuery.of(scope(), range.get().days(clock), filter());
    }

    /** Reloads the charts, gauges and the first page of calls. */
    public void reload() {
        if (batching) {
            return;
        }
        long mine = ++generation;
        SpendScope scope;
        try {
            scope = scope();
        } catch (QodexException e) {
            error.set(e.getMessage());
            return;
        }
        boolean org = organization.get();
        DayRange days = range.get().days(clock);
        SpendFilter filter = filter();
        Dimension stack = stackBy.get();
        CallQuery query = CallQuery.of(scope, days, filter);
        loading.set(true);
        Tasks.run(() -> read(scope, org, days, filter, stack))
                .onSuccess(read -> {
                    if (mine == generation) {
                        error.set("");
                        overview.set(read);
                    }
                })
                .onError(problem -> {
                    if (mine == generation) {
                        error.set(problem.getMessage());
                    }
                })
                .onFinally(() -> {
                    if (mine == generation) {
                        loading.set(false);
                    }
                })
                .start();
        pageStarts.clear();
        loadPage(query, Optional.empty(), true);
    }

    private Overview read(SpendScope scope, boolean org, DayRange days, SpendFilter filter, Dimension stack) {
        Map<Funding, UsageTotals> byFunding = spend.breakdown(scope, days, filter, Dimension.FUNDING).stream()
                .collect(Collectors.toMap(row -> Funding.parse(row.key()), SpendRow::totals, UsageTotals::plus));
        UsageTotals total = byFunding.values().stream().reduce(UsageTotals.NONE, UsageTotals::plus);
        SpendSeries series = spend.series(scope, days, filter, stack);
        List<SpendRow> bySource = spend.breakdown(scope, days, filter, Dimension.SOURCE);
        List<SpendRow> byUser = spend.breakdown(scope, days, filter, Dimension.USER);
        List<SpendRow> byModel = spend.breakdown(scope, days, filter, Dimension.MODEL);
        List<SpendRow> byProject = org ? spend.breakdown(scope, days, filter, Dimension.PROJECT) : List.of();
        // the filters offer every value of the range, not only those left by the current filter (unfiltered, the
        // breakdowns above are those values already)
        boolean unfiltered = filter.equals(SpendFilter.NONE);
        List<String> models = keys(unfiltered ? byModel : spend.breakdown(scope, days, SpendFilter.NONE, Dimension.MODEL));
        List<String> sources = keys(unfiltered ? bySource
                : spend.breakdown(scope, days, SpendFilter.NONE, Dimension.SOURCE));
        List<SpendRow> projects = !org ? List.of() : unfiltered ? byProject
                : spend.breakdown(scope, days, SpendFilter.NONE, Dimension.PROJECT);
        Optional<CapReport> caps = org ? Optional.empty() : Optional.of(workspace.llm().caps().report(project));
        return new Overview(byFunding, total, series, bySource, byUser, byModel, byProject, caps, models, sources,
                projects);
    }

    private static List<String> keys(List<SpendRow> rows) {
        return rows.stream().map(SpendRow::key).sorted().toList();
    }

    public void nextPage() {
        if (hasNext.get()) {
            loadPage(query(), nextStart, false);
        }
    }

    public void previousPage() {
        if (pageStarts.size() > 1) {
            pageStarts.pop();
            Optional<CallPage.Cursor> start = pageStarts.pop();
            loadPage(query(), start, false);
        }
    }

    private void loadPage(CallQuery query, Optional<CallPage.Cursor> start, boolean count) {
        long mine = ++pageGeneration;
        Tasks.run(() -> new PageRead(spend.calls(query, start, PAGE_SIZE), count ? spend.countCalls(query) : -1))
                .onSuccess(read -> {
                    if (mine != pageGeneration) {
                        return;
                    }
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
                            : String.format("Calls %,d–%,d of %,d", first + 1, first + read.page().rows().size(),
                            totalCalls));
                })
                .onError(problem -> {
                    if (mine == pageGeneration) {
                        error.set(problem.getMessage());
                    }
                })
                .start();
    }

    private record PageRead(CallPage page, long total) {
    }

    /** Suggested name of the export: {@code qodex-calls-shop-2026-10-29-to-2026-11-27.csv}. */
    public String exportName() {
        DayRange days = range.get().days(clock);
        return "qodex-calls-" + (organization.get() ? "organization" : project.slug().value()) + "-" + days.first()
                + "-to-" + days.last() + ".csv";
    }

    /**
     * Writes exactly the filtered calls (every page, not only the one shown) to {@code file}: first to a temporary
     * file beside it, then moved into place, so a failure never leaves half a file or destroys an older one.
     */
    public void exportCsv(Path file) {
        CallQuery query;
        try {
            query = query();
        } catch (QodexException e) {
            error.set(e.getMessage());
            return;
        }
        exporting.set(true);
        message.set("");
        Tasks.run(() -> write(query, file))
                .onSuccess(rows -> message.set(String.format("Exported %,d call%s to %s.", rows, rows == 1 ? "" : "s",
                        file.getFileName())))
                .onError(problem -> error.set("The export failed: " + problem.getMessage()))
                .onFinally(() -> exporting.set(false))
                .start();
    }

    private long write(CallQuery query, Path file) {
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(target.getParent(), ".qodex-export-", ".csv.part");
            long rows;
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                rows = spend.exportCsv(query, out);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return rows;
        } catch (IOException e) {
            throw QodexException.unavailable("Could not write " + target.getFileName() + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw QodexException.unavailable("Could not write " + target.getFileName() + ": "
                    + e.getCause().getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the temporary file is hidden and named as such; nothing else to do
                }
            }
        }
    }
}
