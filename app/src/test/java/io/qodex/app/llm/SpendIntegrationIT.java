package io.qodex.app.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.LlmWorld;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.TokenUsage;
import io.qodex.domain.llm.UsageRecord;
import io.qodex.domain.llm.UsageSource;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * F11 through the services a spend view binds to, against known usage rows: every breakdown and series equals the
 * sums of the rows; the org admin's per-project breakdown; the filtered, paged table of calls; the CSV has exactly
 * the filtered rows.
 */
class SpendIntegrationIT {

    private static LlmWorld world;
    private static final List<UsageRecord> ROWS = new ArrayList<>();
    private static final Map<Long, String> SLUGS = new TreeMap<>();
    private static long plat;
    private static long own;
    private static long maxId;
    private static long adaId;

    @BeforeAll
    static void setUp() {
        world = LlmWorld.start(Map.of()).withOrganization();
        Random random = new Random(7);
        String[] models = {"gpt-4o-mini", "gpt-4o", "gpt-4.1"};
        String[] sources = {"assistant", "cli-ask"};
        CallOutcome[] outcomes = {CallOutcome.OK, CallOutcome.OK, CallOutcome.ERROR, CallOutcome.BUDGET_EXCEEDED};
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (String user : List.of("max", "ada")) {
            try (Workspace workspace = world.signIn(user)) {
                plat = workspace.projects().bySlug("plat").id();
                own = workspace.projects().bySlug("own").id();
                SLUGS.put(plat, "plat");
                SLUGS.put(own, "own");
                long userId = workspace.account().userId();
                if (user.equals("max")) {
                    maxId = userId;
                } else {
                    adaId = userId;
                }
                for (int i = 0; i < 300; i++) {
                    long project = random.nextBoolean() ? plat : own;
                    CallOutcome outcome = outcomes[random.nextInt(outcomes.length)];
                    long input = outcome == CallOutcome.OK ? random.nextInt(3000) : 0;
                    long output = outcome == CallOutcome.OK ? random.nextInt(800) : 0;
                    UsageRecord row = new UsageRecord(UUID.randomUUID(), project, userId, LlmProvider.OPENAI,
                            models[random.nextInt(models.length)], new UsageSource(sources[random.nextInt(sources.length)]),
                            project == own ? Funding.BYOK : Funding.PLATFORM, new TokenUsage(input, output, input / 10),
                            Duration.ofMillis(random.nextInt(900)), outcome,
                            Money.ofMicros(outcome == CallOutcome.OK ? random.nextInt(50_000) : 0), Optional.empty(),
                            now.minusSeconds(random.nextInt(9 * 86_400)));
                    ROWS.add(row);
                }
            }
        }
        // imported as a DBA would (clients cannot back-date or price their rows): nine days of known rows
        world.importUsage(ROWS);
        // the world's own set-up logged BYOK key checks: take them into the expected rows too
        ROWS.addAll(keyChecks());
    }

    private static List<UsageRecord> keyChecks() {
        List<UsageRecord> checks = new ArrayList<>();
        try (var c = world.db.owner().getConnection(); var p = c.prepareStatement("select idempotency_key, project_id, "
                + "user_id, created_at from qodex.llm_usage_log where source = 'byok-validate'"); var rs = p.executeQuery()) {
            while (rs.next()) {
                checks.add(new UsageRecord(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), LlmProvider.OPENAI,
                        "key-check", UsageSource.BYOK_VALIDATE, Funding.BYOK, TokenUsage.NONE, Duration.ZERO, CallOutcome.OK,
                        Money.ZERO, Optional.empty(), rs.getObject(4, java.time.OffsetDateTime.class).toInstant()));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return checks;
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    private static DayRange lastTenDays() {
        return DayRange.lastDays(10, Clock.systemUTC());
    }

    private static LocalDate day(UsageRecord row) {
        return LocalDate.ofInstant(row.createdAt(), ZoneOffset.UTC);
    }

    private static Map<String, Long> expectedCost(long project, Function<UsageRecord, String> key) {
        return ROWS.stream().filter(r -> r.projectId() == project).collect(Collectors.groupingBy(key, TreeMap::new,
                Collectors.summingLong(r -> r.cost().micros())));
    }

    private static Map<String, Long> actualCost(List<SpendRow> rows) {
        return rows.stream().collect(Collectors.toMap(SpendRow::key, r -> r.totals().cost().micros(), Long::sum, TreeMap::new));
    }

    @Test
    void everyBreakdownOfAProjectEqualsTheSumsOfItsRows() {
        try (Workspace vic = world.signIn("vic")) { // a Viewer reads the spend of the project
            SpendService spend = vic.llm().spend();
            SpendScope scope = new SpendScope.OfProject(plat);
            Map<Dimension, Function<UsageRecord, String>> keys = Map.of(
                    Dimension.MODEL, UsageRecord::model,
                    Dimension.SOURCE, r -> r.source().value(),
                    Dimension.USER, r -> Long.toString(r.userId()),
                    Dimension.FUNDING, r -> r.funding().code(),
                    Dimension.OUTCOME, r -> r.outcome().code(),
                    Dimension.DAY, r -> day(r).toString());
            keys.forEach((dimension, key) -> assertThat(actualCost(spend.breakdown(scope, lastTenDays(), SpendFilter.NONE,
                    dimension))).as("by %s", dimension).isEqualTo(expectedCost(plat, key)));
            List<SpendRow> byUser = spend.breakdown(scope, lastTenDays(), SpendFilter.NONE, Dimension.USER);
            assertThat(byUser).extracting(SpendRow::label).containsOnly("max@example.com", "ada@example.com");
            List<SpendRow> byModel = spend.breakdown(scope, lastTenDays(), SpendFilter.NONE, Dimension.MODEL);
            assertThat(byModel).isSortedAccordingTo(Comparator.comparing((SpendRow r) -> r.totals().cost()).reversed());
            long calls = byModel.stream().mapToLong(r -> r.totals().calls()).sum();
            assertThat(calls).isEqualTo(ROWS.stream().filter(r -> r.projectId() == plat).count());

            SpendFilter onlyGpt4o = SpendFilter.NONE.withModel("gpt-4o").withOutcome(CallOutcome.OK);
            assertThat(spend.total(scope, lastTenDays(), onlyGpt4o).cost().micros()).isEqualTo(ROWS.stream()
                    .filter(r -> r.projectId() == plat && r.model().equals("gpt-4o") && r.outcome() == CallOutcome.OK)
                    .mapToLong(r -> r.cost().micros()).sum());
        }
    }

    @Test
    void aSeriesHasOneValuePerDayForEveryLineAndAddsUp() {
        try (Workspace max = world.signIn("max")) {
            DayRange range = lastTenDays();
            SpendSeries series = max.llm().spend().series(new SpendScope.OfProject(own), range, SpendFilter.NONE,
                    Dimension.MODEL);
            assertThat(series.days()).hasSize(10).first().isEqualTo(range.first());
            for (SpendSeries.Line line : series.lines()) {
                assertThat(line.costPerDay()).hasSize(10);
                for (int d = 0; d < 10; d++) {
                    LocalDate day = series.days().get(d);
                    long expected = ROWS.stream().filter(r -> r.projectId() == own && r.model().equals(line.key())
                            && day(r).equals(day)).mapToLong(r -> r.cost().micros()).sum();
                    assertThat(line.costPerDay().get(d).micros()).as("%s on %s", line.key(), day).isEqualTo(expected);
                }
            }
            assertThat(series.total().micros()).isEqualTo(expectedCost(own, r -> "").values().stream().mapToLong(v -> v).sum());
            assertThat(series.lines()).isSortedAccordingTo(Comparator.comparing(SpendSeries.Line::total).reversed());
            SpendSeries byFunding = max.llm().spend().series(new SpendScope.OfProject(own), range, SpendFilter.NONE,
                    Dimension.FUNDING);
            assertThat(byFunding.lines()).extracting(SpendSeries.Line::key).containsExactly("byok");
        }
    }

    @Test
    void orgAdminsSeeThePerProjectBreakdownOthersDoNot() {
        try (Workspace ada = world.signIn("ada")) {
            SpendService spend = ada.llm().spend();
            SpendScope org = spend.organization();
            List<SpendRow> perProject = spend.breakdown(org, lastTenDays(), SpendFilter.NONE, Dimension.PROJECT);
            assertThat(perProject).extracting(SpendRow::label).containsExactlyInAnyOrder("plat", "own");
            for (SpendRow row : perProject) {
                long project = Long.parseLong(row.key());
                assertThat(row.totals().cost().micros()).isEqualTo(expectedCost(project, r -> "").values().stream()
                        .mapToLong(v -> v).sum());
                assertThat(row.totals().calls()).isEqualTo(ROWS.stream().filter(r -> r.projectId() == project).count());
            }
            SpendSeries stacked = spend.series(org, lastTenDays(), SpendFilter.NONE.withFunding(Funding.PLATFORM),
                    Dimension.PROJECT);
            assertThat(stacked.lines()).extracting(SpendSeries.Line::label).containsExactly("plat");
            assertThat(actualCost(spend.breakdown(org, lastTenDays(), SpendFilter.NONE, Dimension.SOURCE)))
                    .isEqualTo(ROWS.stream().collect(Collectors.groupingBy(r -> r.source().value(), TreeMap::new,
                            Collectors.summingLong(r -> r.cost().micros()))));
        }
        try (Workspace max = world.signIn("max")) {
            assertThatThrownBy(() -> max.llm().spend().organization()).isInstanceOfSatisfying(QodexException.class,
                    e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));
            assertThatThrownBy(() -> max.llm().spend().breakdown(new SpendScope.OfOrganization(max.account().orgId()),
                    lastTenDays(), SpendFilter.NONE, Dimension.PROJECT)).isInstanceOf(QodexException.class);
        }
    }

    @Test
    void theTableOfCallsPagesThroughExactlyTheFilteredRowsAndTheCsvHasExactlyThem() {
        try (Workspace max = world.signIn("max")) {
            SpendService spend = max.llm().spend();
            SpendFilter filter = SpendFilter.NONE.withModel("gpt-4o").withFunding(Funding.PLATFORM);
            CallQuery query = CallQuery.of(new SpendScope.OfProject(plat), lastTenDays(), filter);
            List<UsageRecord> expected = ROWS.stream().filter(r -> r.projectId() == plat && r.model().equals("gpt-4o"))
                    .sorted(Comparator.comparing(UsageRecord::createdAt).reversed()).toList();
            List<CallEntry> seen = new ArrayList<>();
            Optional<CallPage.Cursor> cursor = Optional.empty();
            int pages = 0;
            do {
                CallPage page = spend.calls(query, cursor, 7);
                assertThat(page.rows()).hasSizeLessThanOrEqualTo(7);
                seen.addAll(page.rows());
                cursor = page.next();
                pages++;
            } while (cursor.isPresent());
            assertThat(pages).isGreaterThan(3);
            assertThat(seen).extracting(CallEntry::callId).containsExactlyInAnyOrderElementsOf(expected.stream()
                    .map(UsageRecord::callId).toList()).doesNotHaveDuplicates();
            assertThat(seen).isSortedAccordingTo(Comparator.comparing(CallEntry::at).reversed());
            assertThat(seen).extracting(CallEntry::project).containsOnly("plat");
            assertThat(spend.countCalls(query)).isEqualTo(expected.size());
            CallQuery notWholeDays = new CallQuery(query.scope(), query.from().plusSeconds(1), query.to(), filter);
            assertThat(spend.countCalls(notWholeDays)).isEqualTo(expected.stream()
                    .filter(r -> !r.createdAt().isBefore(notWholeDays.from())).count());

            StringBuilder csv = new StringBuilder();
            long written = spend.exportCsv(query, csv);
            String[] lines = csv.toString().split("\r\n");
            assertThat(written).isEqualTo(expected.size());
            assertThat(lines).hasSize(expected.size() + 1);
            assertThat(lines[0]).startsWith("time_utc,call_id,project,user");
            for (int i = 0; i < expected.size(); i++) {
                CallEntry row = seen.get(i); // the same order as the table
                assertThat(lines[i + 1]).contains(row.callId().toString(), ",plat,", ",gpt-4o,", ",platform,",
                        "," + row.cost().usd().toPlainString() + ",");
            }
        }
    }

    @Test
    void theOrganizationsTableOfCallsMergesItsProjectsNewestFirst() {
        try (Workspace ada = world.signIn("ada")) {
            SpendService spend = ada.llm().spend();
            SpendFilter filter = SpendFilter.NONE.withModel("gpt-4.1").withOutcome(CallOutcome.OK);
            CallQuery query = CallQuery.of(spend.organization(), lastTenDays(), filter);
            List<UsageRecord> expected = ROWS.stream().filter(r -> r.model().equals("gpt-4.1") && r.outcome() == CallOutcome.OK)
                    .toList();
            List<CallEntry> seen = new ArrayList<>();
            Optional<CallPage.Cursor> cursor = Optional.empty();
            do {
                CallPage page = spend.calls(query, cursor, 13);
                seen.addAll(page.rows());
                cursor = page.next();
            } while (cursor.isPresent());
            assertThat(seen).extracting(CallEntry::callId).containsExactlyInAnyOrderElementsOf(expected.stream()
                    .map(UsageRecord::callId).toList()).doesNotHaveDuplicates();
            assertThat(seen).isSortedAccordingTo(Comparator.comparing(CallEntry::at).reversed());
            assertThat(seen).extracting(CallEntry::project).containsOnly("plat", "own");
            assertThat(spend.countCalls(query)).isEqualTo(expected.size());
            CallQuery shifted = new CallQuery(query.scope(), query.from().plusSeconds(1), query.to(), filter);
            assertThat(spend.countCalls(shifted)).isEqualTo(expected.size());
            StringBuilder csv = new StringBuilder();
            assertThat(spend.exportCsv(CallQuery.of(spend.organization(), lastTenDays(), filter.withProject(own)), csv))
                    .isEqualTo(expected.stream().filter(r -> r.projectId() == own).count());
        }
    }
}
