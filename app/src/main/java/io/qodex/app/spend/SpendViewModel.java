package io.qodex.app.spend;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.CapReport;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.ProjectCaps;
import io.qodex.domain.project.Project;
import io.qodex.domain.spend.CallQuery;
import io.qodex.domain.spend.DayRange;
import io.qodex.domain.spend.Dimension;
import io.qodex.domain.spend.FundingTotals;
import io.qodex.domain.spend.SpendFilter;
import io.qodex.domain.spend.SpendRow;
import io.qodex.domain.spend.SpendScope;
import io.qodex.domain.spend.SpendSeries;
import io.qodex.domain.spend.SpendService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
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
    public record Overview(Map<Funding, FundingTotals> byFunding, FundingTotals total, SpendSeries series,
                           List<SpendRow> bySource, List<SpendRow> byUser, List<SpendRow> byModel,
                           List<SpendRow> byProject, Optional<CapReport> caps, List<String> models,
                           List<String> sources, List<SpendRow> projects) {

        /** What {@code funding} paid for, billed calls apart from key checks and calls never sent. */
        public FundingTotals totals(Funding funding) {
            return byFunding.getOrDefault(funding, FundingTotals.NONE);
        }

        /** The organization's spend, which has no caps of its own (they are per project). */
        public boolean organizationWide() {
            return caps.isEmpty();
        }
    }

    private static final List<Dimension> PROJECT_STACKS = List.of(Dimension.MODEL, Dimension.FUNDING);
    private static final List<Dimension> ORGANIZATION_STACKS = List.of(Dimension.MODEL, Dimension.FUNDING,
            Dimension.PROJECT);

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
    private final ObservableList<Dimension> stackChoices = FXCollections.observableArrayList(PROJECT_STACKS);
    private final ObservableList<@Nullable String> modelChoices = FXCollections.observableArrayList(allAnd(List.of()));
    private final ObservableList<@Nullable String> sourceChoices = FXCollections.observableArrayList(allAnd(List.of()));
    /** Empty until the first overview: only an organization-wide one has projects to offer. */
    private final ObservableList<@Nullable SpendRow> projectChoices = FXCollections.observableArrayList();
    private final StringBinding subtitle;

    private final ReadOnlyObjectWrapper<@Nullable Overview> overview = new ReadOnlyObjectWrapper<>();
    private final CallPages pages;
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    private long generation;
    private boolean batching;

    public SpendViewModel(Workspace workspace, Project project) {
        this.workspace = workspace;
        this.project = project;
        this.spend = workspace.llm().spend();
        this.pages = new CallPages(spend, error::set);
        this.subtitle = Bindings.when(organization)
                .then("LLM calls of every project of the organization, broken down per project. Caps are per "
                        + "project; BYOK and Codex pool calls are exempt but shown.")
                .otherwise("LLM calls of " + project.name() + ": cost, who pays, and the rolling caps on "
                        + "platform-funded calls. BYOK and Codex pool calls are exempt from the caps but shown here.");
        organization.addListener((obs, old, now) -> {
            batch(() -> {
                if (!now) {
                    if (stackBy.get() == Dimension.PROJECT) {
                        stackBy.set(Dimension.MODEL);
                    }
                    projectFilter.set(null);
                }
                // a combo box showing these choices drops its value while they are replaced: the choice stays
                Dimension stack = stackBy.get();
                stackChoices.setAll(now ? ORGANIZATION_STACKS : PROJECT_STACKS);
                stackBy.set(stack);
            });
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

    /** What the page is about: this project's spend, or the organization's. */
    public StringBinding subtitleProperty() {
        return subtitle;
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

    /** What the cost per day can be stacked by (by project: organization-wide only). */
    public ObservableList<Dimension> stackChoices() {
        return stackChoices;
    }

    public ObjectProperty<@Nullable String> modelProperty() {
        return model;
    }

    /** The models of the range, unfiltered, after "all" (null); and the chosen one, should the range have lost it. */
    public ObservableList<@Nullable String> modelChoices() {
        return modelChoices;
    }

    public ObjectProperty<@Nullable String> sourceProperty() {
        return source;
    }

    /** The sources of the range, as {@link #modelChoices()} are its models. */
    public ObservableList<@Nullable String> sourceChoices() {
        return sourceChoices;
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

    /** The organization's projects of the range, as {@link #modelChoices()} are its models. */
    public ObservableList<@Nullable SpendRow> projectChoices() {
        return projectChoices;
    }

    public ReadOnlyObjectProperty<@Nullable Overview> overviewProperty() {
        return overview.getReadOnlyProperty();
    }

    /** The caps of the project whose gauges are shown; empty while nothing is shown or organization-wide. */
    public Optional<ProjectCaps> shownCaps() {
        Overview shown = overview.get();
        return shown == null ? Optional.empty() : shown.caps().map(CapReport::caps);
    }

    /** The page of calls on screen. */
    public CallPages pages() {
        return pages;
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
        batch(() -> {
            model.set(null);
            source.set(null);
            outcome.set(null);
            funding.set(null);
            projectFilter.set(null);
        });
        reload();
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
                        offerChoices(read);
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
        pages.first(query);
    }

    private Overview read(SpendScope scope, boolean org, DayRange days, SpendFilter filter, Dimension stack) {
        Map<Funding, FundingTotals> byFunding = spend.byFunding(scope, days, filter);
        FundingTotals total = byFunding.values().stream().reduce(FundingTotals.NONE, FundingTotals::plus);
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

    /**
     * Keeps the filters' choices in step with the range's values without losing the ones chosen; reloads only if
     * that changed a filter.
     */
    private void offerChoices(Overview read) {
        SpendFilter before = filter();
        batch(() -> {
            offer(modelChoices, model, read.models());
            offer(sourceChoices, source, read.sources());
            offerProjects(read.projects());
        });
        if (!filter().equals(before)) {
            reload();
        }
    }

    private static <T> void offer(ObservableList<@Nullable T> choices, ObjectProperty<@Nullable T> chosen,
                                  List<T> values) {
        T current = chosen.get();
        List<@Nullable T> items = allAnd(values);
        if (current != null && !values.contains(current)) {
            items.add(current);
        }
        if (!items.equals(choices)) {
            choices.setAll(items);
            chosen.set(current);
        }
    }

    /** The organization's projects; the chosen one is matched by id (its totals change with the range). */
    private void offerProjects(List<SpendRow> projects) {
        SpendRow chosen = projectFilter.get();
        SpendRow current = chosen == null ? null : projects.stream().filter(row -> row.key().equals(chosen.key()))
                .findFirst().orElse(chosen);
        List<@Nullable SpendRow> items = allAnd(projects);
        if (current != null && !projects.contains(current)) {
            items.add(current);
        }
        if (!items.equals(projectChoices)) {
            projectChoices.setAll(items);
        }
        projectFilter.set(current);
    }

    /** "All" (null), then {@code values}. */
    private static <T> List<@Nullable T> allAnd(List<T> values) {
        List<@Nullable T> items = new ArrayList<>();
        items.add(null);
        items.addAll(values);
        return items;
    }

    /** Runs {@code change} without the reload each of its property changes would start. */
    private void batch(Runnable change) {
        boolean outer = batching;
        batching = true;
        try {
            change.run();
        } finally {
            batching = outer;
        }
    }

    public void nextPage() {
        pages.next(this::query);
    }

    public void previousPage() {
        pages.previous(this::query);
    }

    /** Suggested name of the export: {@code qodex-calls-shop-2026-10-29-to-2026-11-27.csv}. */
    public String exportName() {
        DayRange days = range.get().days(clock);
        return "qodex-calls-" + (organization.get() ? "organization" : project.slug().value()) + "-" + days.first()
                + "-to-" + days.last() + ".csv";
    }

    /** Writes exactly the filtered calls (every page, not only the one shown) to {@code file}. */
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
        Tasks.run(() -> CallsCsvFile.write(spend, query, file))
                .onSuccess(rows -> message.set(String.format("Exported %,d call%s to %s.", rows, rows == 1 ? "" : "s",
                        file.getFileName())))
                .onError(problem -> error.set("The export failed: " + problem.getMessage()))
                .onFinally(() -> exporting.set(false))
                .start();
    }
}
