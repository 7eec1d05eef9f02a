package io.qodex.persistence.llm;

import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.TokenUsage;
import io.qodex.domain.spend.CallEntry;
import io.qodex.domain.spend.CallPage;
import io.qodex.domain.spend.CallQuery;
import io.qodex.domain.spend.DayRange;
import io.qodex.domain.spend.Dimension;
import io.qodex.domain.spend.SpendCell;
import io.qodex.domain.spend.SpendFilter;
import io.qodex.domain.spend.SpendRepository;
import io.qodex.domain.spend.SpendScope;
import io.qodex.domain.spend.UsageTotals;
import io.qodex.persistence.session.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Spend through row-level security. Groupings read only the rollups: an organization's spend not broken down or
 * filtered by project from {@code llm_usage_org_daily}; by project (with at most a funding filter) from
 * {@code llm_usage_project_daily}; everything else from {@code llm_usage_daily}. The table of calls reads the log
 * newest first through its (project_id, created_at) index, paged by keyset.
 */
public final class JdbcSpendRepository implements SpendRepository {

    private static final String CALL_COLUMNS = "select l.id, l.idempotency_key, l.created_at, l.project_id, p.slug, "
            + "u.email, l.user_id, l.provider, l.model, l.source, l.funding, l.outcome, l.input_tokens, l.output_tokens, "
            + "l.cached_tokens, l.latency_ms, l.cost_micros, l.error_message from ";
    private static final String LABELS = " left join projects p on p.id = l.project_id left join users u on u.id = l.user_id";
    private static final String NEWEST_FIRST = " order by l.created_at desc, l.id desc";

    private final DataSource pool;
    /** Project slugs and user emails never change: looked up once per id (as far as row-level security shows them). */
    private final Map<String, String> knownLabels = new java.util.concurrent.ConcurrentHashMap<>();

    public JdbcSpendRepository(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public List<SpendCell> group(SpendScope scope, DayRange range, SpendFilter filter, Dimension first,
                                 Optional<Dimension> second) {
        if (scope instanceof SpendScope.OfOrganization org && first == Dimension.PROJECT && second.isEmpty()
                && filter.equals(SpendFilter.NONE)) {
            return perProject(org, range);
        }
        boolean perProject = filter.fundingAndProjectOnly() && perProjectDimension(first)
                && second.map(JdbcSpendRepository::perProjectDimension).orElse(true);
        boolean orgWide = scope instanceof SpendScope.OfOrganization && filter.projectId().isEmpty()
                && first != Dimension.PROJECT && second.map(d -> d != Dimension.PROJECT).orElse(true);
        String table = orgWide ? "llm_usage_org_daily"
                : perProject && scope instanceof SpendScope.OfOrganization ? "llm_usage_project_daily" : "llm_usage_daily";
        List<Object> parameters = new ArrayList<>();
        // group by the columns themselves (cheap to hash), turn them into text afterwards
        StringBuilder sql = new StringBuilder("select ").append(column(first)).append("::text, ")
                .append(second.map(d -> column(d) + "::text").orElse("''"))
                .append(", sum(calls), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros) from ")
                .append(table).append(" where ");
        scope(sql, parameters, scope, "");
        sql.append(" and day between ? and ?");
        parameters.add(range.first());
        parameters.add(range.last());
        filters(sql, parameters, filter, "");
        sql.append(" group by ").append(column(first)).append(second.map(d -> ", " + column(d)).orElse(""));
        List<SpendCell> cells = Jdbc.inTransaction(pool, c -> {
            List<SpendCell> rows = new ArrayList<>();
            try (PreparedStatement p = prepare(c, sql.toString(), parameters); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String firstKey = rs.getString(1);
                    String secondKey = rs.getString(2);
                    rows.add(new SpendCell(firstKey, firstKey, secondKey, secondKey, new UsageTotals(rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6), Money.ofMicros(rs.getLong(7)))));
                }
            }
            return label(c, rows, first, second);
        });
        return cells;
    }

    /**
     * The org-wide per-project breakdown: whole ISO weeks of the range from the weekly rollup, the days before the first
     * and after the last whole week from the daily one.
     */
    private List<SpendCell> perProject(SpendScope.OfOrganization org, DayRange range) {
        java.time.LocalDate firstMonday = range.first().with(java.time.temporal.TemporalAdjusters.nextOrSame(
                java.time.DayOfWeek.MONDAY));
        java.time.LocalDate lastSunday = range.last().with(java.time.temporal.TemporalAdjusters.previousOrSame(
                java.time.DayOfWeek.SUNDAY));
        List<Object> parameters = new ArrayList<>();
        String sums = "calls, input_tokens, output_tokens, cached_tokens, cost_micros";
        StringBuilder sql = new StringBuilder("select project_id::text, '', sum(calls), sum(input_tokens), sum(output_tokens), "
                + "sum(cached_tokens), sum(cost_micros) from (");
        if (firstMonday.isBefore(lastSunday)) {
            sql.append("select project_id, ").append(sums).append(" from llm_usage_project_weekly where org_id = ? ")
                    .append("and week between ? and ? union all select project_id, ").append(sums)
                    .append(" from llm_usage_project_daily where org_id = ? and (day between ? and ? or day between ? and ?)");
            parameters.addAll(List.of(org.orgId(), firstMonday, lastSunday.minusDays(6), org.orgId(), range.first(),
                    firstMonday.minusDays(1), lastSunday.plusDays(1), range.last()));
        } else {
            sql.append("select project_id, ").append(sums).append(" from llm_usage_project_daily where org_id = ? ")
                    .append("and day between ? and ?");
            parameters.addAll(List.of(org.orgId(), range.first(), range.last()));
        }
        sql.append(") x group by project_id");
        return Jdbc.inTransaction(pool, c -> {
            List<SpendCell> rows = new ArrayList<>();
            try (PreparedStatement p = prepare(c, sql.toString(), parameters); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    rows.add(new SpendCell(key, key, "", "", new UsageTotals(rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), Money.ofMicros(rs.getLong(7)))));
                }
            }
            return label(c, rows, Dimension.PROJECT, Optional.empty());
        });
    }

    @Override
    public CallPage calls(CallQuery query, Optional<CallPage.Cursor> after, int limit) {
        List<Object> parameters = new ArrayList<>();
        String sql = callSql(query, after, Optional.of(limit + 1), parameters);
        return Jdbc.inTransaction(pool, c -> {
            List<CallEntry> rows = new ArrayList<>();
            try (PreparedStatement p = prepare(c, sql, parameters); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.add(entry(rs));
                }
            }
            Optional<CallPage.Cursor> next = Optional.empty();
            if (rows.size() > limit) {
                rows = rows.subList(0, limit);
                CallEntry last = rows.get(limit - 1);
                next = Optional.of(new CallPage.Cursor(last.at(), last.rowId()));
            }
            return new CallPage(List.copyOf(rows), next);
        });
    }

    @Override
    public long countCalls(CallQuery query) {
        Optional<DayRange> days = wholeDays(query.from(), query.to());
        if (days.isPresent()) { // the rollup counts exactly the same calls
            long total = 0;
            for (SpendCell cell : group(query.scope(), days.get(), query.filter(), Dimension.FUNDING, Optional.empty())) {
                total += cell.totals().calls();
            }
            return total;
        }
        List<Object> parameters = new ArrayList<>();
        StringBuilder conditions = new StringBuilder();
        List<Object> conditionParameters = new ArrayList<>();
        conditions(conditions, conditionParameters, query, Optional.empty());
        String sql;
        if (query.scope() instanceof SpendScope.OfProject project) {
            sql = "select count(*) from llm_usage_log l where l.project_id = ?" + conditions;
            parameters.add(project.projectId());
        } else {
            sql = "select coalesce(sum(x.calls), 0) from " + orgProjects(query, parameters)
                    + " cross join lateral (select count(*) as calls from llm_usage_log l where l.project_id = pj.id"
                    + conditions + ") x";
        }
        parameters.addAll(conditionParameters);
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = prepare(c, sql, parameters); ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void forEachCall(CallQuery query, Consumer<CallEntry> sink) {
        List<Object> parameters = new ArrayList<>();
        String sql = callSql(query, Optional.empty(), Optional.empty(), parameters);
        Jdbc.inTransaction(pool, c -> { // a transaction, so that pgjdbc streams the rows with a cursor
            try (PreparedStatement p = prepare(c, sql, parameters)) {
                p.setFetchSize(2_000);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(entry(rs));
                    }
                }
            }
            return null;
        });
    }

    /**
     * The calls of a query, newest first. A project's come straight from its (project_id, created_at) index; an
     * organization's are the merge of each of its projects' newest ({@code limit} per project at most), so that no
     * second index on the log is needed (it would slow down every insert).
     */
    private static String callSql(CallQuery query, Optional<CallPage.Cursor> after, Optional<Integer> limit,
                                  List<Object> parameters) {
        StringBuilder conditions = new StringBuilder();
        List<Object> conditionParameters = new ArrayList<>();
        conditions(conditions, conditionParameters, query, after);
        StringBuilder sql = new StringBuilder(CALL_COLUMNS);
        if (query.scope() instanceof SpendScope.OfProject project) {
            sql.append("llm_usage_log l").append(LABELS).append(" where l.project_id = ?").append(conditions);
            parameters.add(project.projectId());
            parameters.addAll(conditionParameters);
        } else {
            sql.append(orgProjects(query, parameters)).append(" cross join lateral (select * from llm_usage_log l where ")
                    .append("l.project_id = pj.id").append(conditions).append(NEWEST_FIRST);
            parameters.addAll(conditionParameters);
            limit.ifPresent(n -> {
                sql.append(" limit ?");
                parameters.add(n);
            });
            sql.append(") l").append(LABELS);
        }
        sql.append(NEWEST_FIRST);
        limit.ifPresent(n -> {
            sql.append(" limit ?");
            parameters.add(n);
        });
        return sql.toString();
    }

    /** The organization's projects (as far as row-level security shows them), narrowed by the filter's project. */
    private static String orgProjects(CallQuery query, List<Object> parameters) {
        StringBuilder sql = new StringBuilder("(select id from projects where org_id = ?");
        parameters.add(((SpendScope.OfOrganization) query.scope()).orgId());
        query.filter().projectId().ifPresent(id -> {
            sql.append(" and id = ?");
            parameters.add(id);
        });
        return sql.append(") pj").toString();
    }

    /** Time range, filters (but the project of an organization's query) and the page cursor, each as " and …". */
    private static void conditions(StringBuilder sql, List<Object> parameters, CallQuery query,
                                   Optional<CallPage.Cursor> after) {
        sql.append(" and l.created_at >= ? and l.created_at < ?");
        parameters.add(query.from().atOffset(ZoneOffset.UTC));
        parameters.add(query.to().atOffset(ZoneOffset.UTC));
        SpendFilter filter = query.filter();
        if (query.scope() instanceof SpendScope.OfProject) {
            filter.projectId().ifPresent(id -> {
                sql.append(" and l.project_id = ?");
                parameters.add(id);
            });
        }
        filter.model().ifPresent(model -> {
            sql.append(" and l.model = ?");
            parameters.add(model);
        });
        filter.source().ifPresent(source -> {
            sql.append(" and l.source = ?");
            parameters.add(source);
        });
        filter.funding().ifPresent(funding -> {
            sql.append(" and l.funding = ?");
            parameters.add(funding.code());
        });
        filter.outcome().ifPresent(outcome -> {
            sql.append(" and l.outcome = ?");
            parameters.add(outcome.code());
        });
        after.ifPresent(cursor -> {
            OffsetDateTime at = cursor.at().atOffset(ZoneOffset.UTC);
            sql.append(" and l.created_at <= ? and (l.created_at < ? or l.id < ?)");
            parameters.add(at);
            parameters.add(at);
            parameters.add(cursor.rowId());
        });
    }

    private static void scope(StringBuilder sql, List<Object> parameters, SpendScope scope, String alias) {
        if (scope instanceof SpendScope.OfProject project) {
            sql.append(alias).append("project_id = ?");
            parameters.add(project.projectId());
        } else {
            sql.append(alias).append("org_id = ?");
            parameters.add(((SpendScope.OfOrganization) scope).orgId());
        }
    }

    private static void filters(StringBuilder sql, List<Object> parameters, SpendFilter filter, String alias) {
        filter.projectId().ifPresent(id -> {
            sql.append(" and ").append(alias).append("project_id = ?");
            parameters.add(id);
        });
        filter.model().ifPresent(model -> {
            sql.append(" and ").append(alias).append("model = ?");
            parameters.add(model);
        });
        filter.source().ifPresent(source -> {
            sql.append(" and ").append(alias).append("source = ?");
            parameters.add(source);
        });
        filter.funding().ifPresent(funding -> {
            sql.append(" and ").append(alias).append("funding = ?");
            parameters.add(funding.code());
        });
        filter.outcome().ifPresent(outcome -> {
            sql.append(" and ").append(alias).append("outcome = ?");
            parameters.add(outcome.code());
        });
    }

    private static boolean perProjectDimension(Dimension dimension) {
        return dimension == Dimension.DAY || dimension == Dimension.PROJECT || dimension == Dimension.FUNDING;
    }

    private static String column(Dimension dimension) {
        return switch (dimension) {
            case DAY -> "day";
            case MODEL -> "model";
            case SOURCE -> "source";
            case USER -> "user_id";
            case FUNDING -> "funding";
            case OUTCOME -> "outcome";
            case PROJECT -> "project_id";
        };
    }

    /** Replaces user and project ids by emails and slugs (as far as row-level security shows them). */
    private List<SpendCell> label(Connection c, List<SpendCell> cells, Dimension first, Optional<Dimension> second)
            throws SQLException {
        Map<String, String> firstLabels = labels(c, first, cells, true);
        Map<String, String> secondLabels = second.isPresent() ? labels(c, second.get(), cells, false) : Map.of();
        if (firstLabels.isEmpty() && secondLabels.isEmpty()) {
            return cells;
        }
        List<SpendCell> labelled = new ArrayList<>(cells.size());
        for (SpendCell cell : cells) {
            labelled.add(new SpendCell(cell.firstKey(), firstLabels.getOrDefault(cell.firstKey(), cell.firstLabel()),
                    cell.secondKey(), secondLabels.getOrDefault(cell.secondKey(), cell.secondLabel()), cell.totals()));
        }
        return labelled;
    }

    private Map<String, String> labels(Connection c, Dimension dimension, List<SpendCell> cells, boolean first)
            throws SQLException {
        if (dimension != Dimension.USER && dimension != Dimension.PROJECT) {
            return Map.of();
        }
        String kind = dimension == Dimension.USER ? "u" : "p";
        Map<String, String> labels = new HashMap<>();
        Set<Long> unknown = new HashSet<>();
        for (SpendCell cell : cells) {
            String key = first ? cell.firstKey() : cell.secondKey();
            String known = knownLabels.get(kind + key);
            if (known != null) {
                labels.put(key, known);
            } else {
                long id = Long.parseLong(key);
                unknown.add(id);
                labels.put(key, dimension == Dimension.USER ? (id == 0 ? "(no user)" : "user #" + id) : "project #" + id);
            }
        }
        if (unknown.isEmpty()) {
            return labels;
        }
        String sql = dimension == Dimension.USER ? "select id, email from users where id = any (?)"
                : "select id, slug from projects where id = any (?)";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setArray(1, c.createArrayOf("int8", unknown.toArray(new Long[0])));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String key = Long.toString(rs.getLong(1));
                    labels.put(key, rs.getString(2));
                    knownLabels.put(kind + key, rs.getString(2));
                }
            }
        }
        return labels;
    }

    private static CallEntry entry(ResultSet rs) throws SQLException {
        long userId = rs.getLong(7);
        boolean noUser = rs.wasNull();
        String email = rs.getString(6);
        String slug = rs.getString(5);
        String error = rs.getString(18);
        return new CallEntry(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getLong(4), slug == null ? "project #" + rs.getLong(4) : slug,
                email != null ? email : noUser ? "(no user)" : "user #" + userId, rs.getString(8), rs.getString(9),
                rs.getString(10), Funding.parse(rs.getString(11)), CallOutcome.parse(rs.getString(12)),
                new TokenUsage(rs.getLong(13), rs.getLong(14), rs.getLong(15)), rs.getLong(16),
                Money.ofMicros(rs.getLong(17)), Optional.ofNullable(error));
    }

    private static Optional<DayRange> wholeDays(Instant from, Instant to) {
        OffsetDateTime start = from.atOffset(ZoneOffset.UTC);
        OffsetDateTime end = to.atOffset(ZoneOffset.UTC);
        if (!start.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) || !end.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            return Optional.empty();
        }
        return Optional.of(new DayRange(start.toLocalDate(), end.toLocalDate().minusDays(1)));
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> parameters) throws SQLException {
        PreparedStatement p = c.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                p.setObject(i + 1, parameters.get(i));
            }
            return p;
        } catch (SQLException e) {
            p.close();
            throw e;
        }
    }
}
