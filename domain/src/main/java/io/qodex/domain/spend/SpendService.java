package io.qodex.domain.spend;

import io.qodex.domain.account.OrgRole;
import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.UsageSource;
import io.qodex.domain.project.Project;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * F11 spend for view models and the CLI: totals, breakdowns and stacked daily series from the rollups; the filtered,
 * paged table of calls and its CSV export. Project scope for members of the project, organization scope for org
 * admins (broken down per project).
 */
public final class SpendService {

    public static final int MAX_PAGE = 1000;

    /** Outcomes of calls that never reached the provider. */
    private static final Set<CallOutcome> NOT_SENT = EnumSet.of(CallOutcome.REFUSED, CallOutcome.BUDGET_EXCEEDED);

    private final Account account;
    private final SpendRepository repository;

    public SpendService(Account account, SpendRepository repository) {
        this.account = account;
        this.repository = repository;
    }

    public SpendScope scope(Project project) {
        return new SpendScope.OfProject(project.id());
    }

    /** The signed-in org admin's whole organization. */
    public SpendScope organization() {
        if (account.orgRole() != OrgRole.ADMIN) {
            throw QodexException.notAllowed("Only an organization admin sees the organization's spend.");
        }
        return new SpendScope.OfOrganization(account.orgId());
    }

    public UsageTotals total(SpendScope scope, DayRange range, SpendFilter filter) {
        UsageTotals total = UsageTotals.NONE;
        for (SpendCell cell : repository.group(scope, range, filter, Dimension.FUNDING, Optional.empty())) {
            total = total.plus(cell.totals());
        }
        return total;
    }

    /**
     * Totals per funding source that separate billed calls from key checks and from calls refused before sending
     * (F11: the tiles count what was billed).
     */
    public Map<Funding, FundingTotals> byFunding(SpendScope scope, DayRange range, SpendFilter filter) {
        checkScope(scope);
        Map<Funding, UsageTotals> all = new EnumMap<>(Funding.class);
        Map<Funding, UsageTotals> notBilled = new EnumMap<>(Funding.class);
        Map<Funding, long[]> keyChecks = new EnumMap<>(Funding.class);
        Map<Funding, long[]> notSent = new EnumMap<>(Funding.class);
        for (SpendCell cell : repository.group(scope, range, filter, Dimension.FUNDING, Optional.of(Dimension.SOURCE))) {
            Funding funding = Funding.parse(cell.firstKey());
            all.merge(funding, cell.totals(), UsageTotals::plus);
            if (UsageSource.BYOK_VALIDATE.value().equals(cell.secondKey())) {
                notBilled.merge(funding, cell.totals(), UsageTotals::plus);
                keyChecks.computeIfAbsent(funding, f -> new long[1])[0] += cell.totals().calls();
            }
        }
        for (SpendCell cell : repository.group(scope, range, filter, Dimension.FUNDING, Optional.of(Dimension.OUTCOME))) {
            if (NOT_SENT.contains(CallOutcome.parse(cell.secondKey()))) {
                Funding funding = Funding.parse(cell.firstKey());
                notBilled.merge(funding, cell.totals(), UsageTotals::plus);
                notSent.computeIfAbsent(funding, f -> new long[1])[0] += cell.totals().calls();
            }
        }
        Map<Funding, FundingTotals> totals = new EnumMap<>(Funding.class);
        // key checks are never refused before sending: the two parts taken out never overlap
        all.forEach((funding, sum) -> totals.put(funding, new FundingTotals(
                sum.minus(notBilled.getOrDefault(funding, UsageTotals.NONE)),
                keyChecks.getOrDefault(funding, new long[1])[0], notSent.getOrDefault(funding, new long[1])[0])));
        return totals;
    }

    /** One row per value of {@code by}, largest cost first (days: in date order). */
    public List<SpendRow> breakdown(SpendScope scope, DayRange range, SpendFilter filter, Dimension by) {
        check(scope, by);
        List<SpendRow> rows = new ArrayList<>();
        for (SpendCell cell : repository.group(scope, range, filter, by, Optional.empty())) {
            rows.add(new SpendRow(cell.firstKey(), cell.firstLabel(), cell.totals()));
        }
        if (by == Dimension.DAY) {
            rows.sort(Comparator.comparing(SpendRow::key));
        } else {
            rows.sort(Comparator.comparing((SpendRow r) -> r.totals().cost()).reversed().thenComparing(SpendRow::label));
        }
        return rows;
    }

    /** Cost per day of the range stacked by {@code stackBy} (model, funding, source, user, project …). */
    public SpendSeries series(SpendScope scope, DayRange range, SpendFilter filter, Dimension stackBy) {
        if (stackBy == Dimension.DAY) {
            throw QodexException.invalid("by", "A series is over days already: stack it by another dimension.");
        }
        check(scope, stackBy);
        List<LocalDate> days = range.days();
        Map<LocalDate, Integer> index = new HashMap<>();
        for (int i = 0; i < days.size(); i++) {
            index.put(days.get(i), i);
        }
        Map<String, long[]> costs = new LinkedHashMap<>();
        Map<String, long[]> calls = new HashMap<>();
        Map<String, String> labels = new HashMap<>();
        for (SpendCell cell : repository.group(scope, range, filter, stackBy, Optional.of(Dimension.DAY))) {
            Integer day = index.get(LocalDate.parse(cell.secondKey()));
            if (day == null) {
                continue;
            }
            costs.computeIfAbsent(cell.firstKey(), k -> new long[days.size()])[day] += cell.totals().cost().micros();
            calls.computeIfAbsent(cell.firstKey(), k -> new long[days.size()])[day] += cell.totals().calls();
            labels.put(cell.firstKey(), cell.firstLabel());
        }
        List<SpendSeries.Line> lines = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : costs.entrySet()) {
            List<Money> perDay = new ArrayList<>(days.size());
            List<Long> callsPerDay = new ArrayList<>(days.size());
            long total = 0;
            long[] dayCalls = calls.get(entry.getKey());
            for (int i = 0; i < days.size(); i++) {
                perDay.add(Money.ofMicros(entry.getValue()[i]));
                callsPerDay.add(dayCalls[i]);
                total = Math.addExact(total, entry.getValue()[i]);
            }
            lines.add(new SpendSeries.Line(entry.getKey(), labels.get(entry.getKey()), Collections.unmodifiableList(perDay),
                    Collections.unmodifiableList(callsPerDay), Money.ofMicros(total)));
        }
        lines.sort(Comparator.comparing(SpendSeries.Line::total).reversed().thenComparing(SpendSeries.Line::label));
        return new SpendSeries(stackBy, days, List.copyOf(lines));
    }

    /** A page of calls, newest first; pass the previous page's {@code next} to continue. */
    public CallPage calls(CallQuery query, Optional<CallPage.Cursor> after, int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw QodexException.invalid("page", "A page holds 1 to " + MAX_PAGE + " calls.");
        }
        checkScope(query.scope());
        return repository.calls(query, after, pageSize);
    }

    public long countCalls(CallQuery query) {
        checkScope(query.scope());
        return repository.countCalls(query);
    }

    /** Writes exactly the calls of {@code query} (every page) as CSV; returns how many rows were written. */
    public long exportCsv(CallQuery query, Appendable out) {
        checkScope(query.scope());
        CallsCsv.write(out, CallsCsv.HEADER);
        long[] rows = {0};
        repository.forEachCall(query, call -> {
            CallsCsv.write(out, CallsCsv.line(call));
            rows[0]++;
        });
        return rows[0];
    }

    private void check(SpendScope scope, Dimension by) {
        checkScope(scope);
        if (by == Dimension.PROJECT && scope instanceof SpendScope.OfProject) {
            throw QodexException.invalid("by", "A breakdown per project needs the organization's spend (org admins).");
        }
    }

    private void checkScope(SpendScope scope) {
        if (scope instanceof SpendScope.OfOrganization org
                && !account.organizations().administers(org.orgId())) {
            throw QodexException.notAllowed("Only an organization admin sees the organization's spend.");
        }
    }
}
