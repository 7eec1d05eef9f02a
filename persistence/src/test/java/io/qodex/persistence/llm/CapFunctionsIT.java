package io.qodex.persistence.llm;

import static io.qodex.persistence.llm.LlmFixture.ownerRow;
import static io.qodex.persistence.llm.LlmFixture.single;
import static io.qodex.persistence.testing.SqlRefusals.INSUFFICIENT_PRIVILEGE;
import static io.qodex.persistence.testing.SqlRefusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.CapEvent;
import io.qodex.domain.llm.CapLedger;
import io.qodex.domain.llm.CapWindow;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.WindowStatus;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cap functions of V6 against PostgreSQL: rolling windows counted exactly from logged rows, hourly buckets and
 * live reservations; admission at the cap; a usage row replacing its reservation; expiry; who may do what; and
 * racing connections that cannot overshoot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapFunctionsIT {

    private TestDatabase db;
    private DataSource admin;
    private DataSource member;
    private DataSource viewer;
    private long memberId;

    @BeforeAll
    void setUp() throws SQLException {
        db = TestPostgres.freshDatabase();
        admin = LlmFixture.user(db, "orgadmin@example.test"); // first verified user: organization admin
        member = LlmFixture.user(db, "member@example.test");
        viewer = LlmFixture.user(db, "viewer@example.test");
        memberId = LlmFixture.userId(member);
    }

    @AfterAll
    void tearDown() {
        db.close();
    }

    private long project(String slug) throws SQLException {
        long id = LlmFixture.createProject(member, slug);
        io.qodex.persistence.testing.TestAccounts.join(member, viewer, id, "viewer@example.test", "viewer");
        return id;
    }

    @Test
    void theWindowsCountLoggedRowsBucketsAndLiveReservationsExactly() throws SQLException {
        long project = project("windows");
        Instant now = Instant.now();
        ownerRow(db, project, memberId, "platform", 100, now.minusSeconds(600));
        ownerRow(db, project, memberId, "platform", 200, now.minus(Duration.ofMinutes(4 * 60 + 58)));
        ownerRow(db, project, memberId, "platform", 400, now.minus(Duration.ofMinutes(5 * 60 + 2)));
        ownerRow(db, project, memberId, "platform", 800, now.minus(Duration.ofHours(6 * 24 + 23)));
        ownerRow(db, project, memberId, "platform", 1600, now.minus(Duration.ofHours(7 * 24 + 1)));
        ownerRow(db, project, memberId, "byok", 10_000, now.minusSeconds(60));
        ownerRow(db, project, memberId, "codex_pool", 20_000, now.minusSeconds(60));
        for (int hour = 7; hour < 30; hour++) { // many full hours in the weekly window
            ownerRow(db, project, memberId, "platform", 1, now.minus(Duration.ofHours(hour)));
        }
        JdbcCapLedger ledger = new JdbcCapLedger(member);
        CapLedger.Reservation live = ledger.reserve(project, UUID.randomUUID(), Money.ofMicros(50), Duration.ofMinutes(5));
        assertThat(live.admitted()).isTrue();
        assertThat(live.fiveHourUsed()).isEqualTo(Money.ofMicros(300));
        assertThat(live.weeklyUsed()).isEqualTo(Money.ofMicros(100 + 200 + 400 + 800 + 23));

        CapLedger.Reservation seen = ledger.reserve(project, UUID.randomUUID(), Money.ZERO, Duration.ofMinutes(5));
        assertThat(seen.fiveHourUsed()).as("with the live reservation").isEqualTo(Money.ofMicros(350));
        assertThat(seen.weeklyUsed()).isEqualTo(Money.ofMicros(1573));
        assertThat(seen.fiveHourCap()).isEqualTo(Money.ofUsd(5));
        assertThat(seen.weeklyCap()).isEqualTo(Money.ofUsd(25));

        for (CapWindow window : CapWindow.values()) {
            List<CapEvent> events = ledger.events(project, window);
            WindowStatus status = WindowStatus.of(window, Money.ofUsd(5), events, Instant.now());
            assertThat(status.used()).isEqualTo(window == CapWindow.FIVE_HOUR ? seen.fiveHourUsed() : seen.weeklyUsed());
            for (CapEvent event : events) {
                Duration stay = Duration.between(event.occurredAt(), event.leavesAt());
                assertThat(stay).as("an event leaves the window after its length, buckets at most an hour later")
                        .isBetween(window.length(), window.length().plusHours(1));
            }
            assertThat(events).isSortedAccordingTo(java.util.Comparator.comparing(CapEvent::leavesAt));
        }
        // the 200 spent 4 h 58 min before `now` leaves the 5-hour window 2 minutes after it (seen from `now`, the
        // instant the rows were dated from, so the answer does not depend on how long this test took)
        WindowStatus five = WindowStatus.of(CapWindow.FIVE_HOUR, Money.ofMicros(350), ledger.events(project,
                CapWindow.FIVE_HOUR), now);
        assertThat(five.exhausted()).isTrue();
        assertThat(five.headroomReturnsIn()).as("2 minutes, or up to one more: buckets leave at the end of their minute")
                .isBetween(Duration.ofMinutes(2), Duration.ofMinutes(3));
    }

    @Test
    void admissionStopsAtTheCapAndAUsageRowReplacesItsReservation() throws Exception {
        long project = project("admission");
        JdbcCapLedger asAdmin = new JdbcCapLedger(admin);
        asAdmin.setCaps(project, Money.ofMicros(1000), Money.ofMicros(5000));
        JdbcCapLedger ledger = new JdbcCapLedger(member);
        assertThat(ledger.caps(project).isDefault()).isFalse();
        UUID first = UUID.randomUUID();
        assertThat(ledger.reserve(project, first, Money.ofMicros(600), Duration.ofMinutes(5)).admitted()).isTrue();
        assertThat(ledger.reserve(project, UUID.randomUUID(), Money.ofMicros(600), Duration.ofMinutes(5)).admitted()).isFalse();
        assertThat(ledger.reserve(project, UUID.randomUUID(), Money.ofMicros(400), Duration.ofMinutes(5)).admitted())
                .as("exactly at the cap").isTrue();
        assertThat(ledger.reserve(project, UUID.randomUUID(), Money.ofMicros(1), Duration.ofMinutes(5)).admitted()).isFalse();

        PgUsageLogWriter writer = new PgUsageLogWriter(member, memberId, java.nio.file.Files.createTempDirectory("spool"));
        try {
            writer.record(new io.qodex.domain.llm.UsageRecord(first, project, memberId, io.qodex.domain.llm.LlmProvider.OPENAI,
                    "gpt-4o-mini", io.qodex.domain.llm.UsageSource.ASSISTANT, io.qodex.domain.llm.Funding.PLATFORM,
                    // 200 output tokens of gpt-4o-mini at $0.60 per million: the database prices it at 120 micro-dollars
                    new io.qodex.domain.llm.TokenUsage(0, 200, 0), Duration.ofMillis(5), io.qodex.domain.llm.CallOutcome.OK,
                    Money.ofMicros(120), java.util.Optional.empty(), Instant.now()));
            assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();
        } finally {
            writer.close();
        }
        assertThat(single(db.owner(), "select count(*) from qodex.llm_reservations where id = ?", first)).isZero();
        CapLedger.Reservation after = ledger.reserve(project, UUID.randomUUID(), Money.ZERO, Duration.ofMinutes(5));
        assertThat(after.fiveHourUsed()).as("120 settled + 400 still reserved").isEqualTo(Money.ofMicros(520));
        assertThat(ledger.reserve(project, UUID.randomUUID(), Money.ofMicros(480), Duration.ofMinutes(5)).admitted()).isTrue();
    }

    @Test
    void anExpiredReservationNoLongerCountsAndAReleasedOneIsGone() throws Exception {
        long project = project("expiry");
        JdbcCapLedger ledger = new JdbcCapLedger(member);
        UUID expiring = UUID.randomUUID();
        ledger.reserve(project, expiring, Money.ofMicros(700), Duration.ofMinutes(5));
        UUID released = UUID.randomUUID();
        ledger.reserve(project, released, Money.ofMicros(90), Duration.ofMinutes(5));
        ledger.release(released);
        assertThat(ledger.reserve(project, UUID.randomUUID(), Money.ZERO, Duration.ofMinutes(5)).fiveHourUsed())
                .isEqualTo(Money.ofMicros(700));
        // its time runs out (back-dated by the schema owner rather than waited for)
        assertThat(single(db.owner(), "with expired as (update qodex.llm_reservations set expires_at = now() - interval "
                + "'1 second' where id = ? returning 1) select count(*) from expired", expiring)).isEqualTo(1);
        assertThat(ledger.reserve(project, UUID.randomUUID(), Money.ZERO, Duration.ofMinutes(5)).fiveHourUsed()).isEqualTo(Money.ZERO);
        assertThat(single(db.owner(), "select count(*) from qodex.llm_reservations where project_id = ? and amount_micros = 700",
                project)).as("swept").isZero();
    }

    @Test
    void onlyMembersReserveOnlyOrgAdminsSetCapsAndNobodyReachesAnotherProject() throws SQLException {
        long project = project("rights");
        DataSource stranger = LlmFixture.user(db, "stranger@example.test");
        long strangers = LlmFixture.createProject(stranger, "strangers");
        assertProblem(() -> new JdbcCapLedger(viewer).reserve(project, UUID.randomUUID(), Money.ZERO, Duration.ofMinutes(1)),
                Problem.NOT_ALLOWED);
        assertProblem(() -> new JdbcCapLedger(member).reserve(strangers, UUID.randomUUID(), Money.ZERO, Duration.ofMinutes(1)),
                Problem.NOT_FOUND);
        assertProblem(() -> new JdbcCapLedger(member).events(strangers, CapWindow.WEEKLY), Problem.NOT_FOUND);
        assertProblem(() -> new JdbcCapLedger(member).caps(strangers), Problem.NOT_FOUND);
        assertProblem(() -> new JdbcCapLedger(member).setCaps(project, Money.ofUsd(1), Money.ofUsd(2)), Problem.NOT_ALLOWED);
        assertProblem(() -> new JdbcCapLedger(member).reserve(project, UUID.randomUUID(), Money.ofMicros(-1), Duration.ofMinutes(1)),
                Problem.INVALID_INPUT);
        assertThat(new JdbcCapLedger(viewer).events(project, CapWindow.FIVE_HOUR)).as("viewers read the gauges").isEmpty();
        assertThat(new JdbcCapLedger(admin).caps(strangers).isDefault()).as("org admins read every project's caps").isTrue();
        // reservations are reachable only through the functions
        assertRefused(member, "select count(*) from llm_reservations", INSUFFICIENT_PRIVILEGE);
        assertRefused(member, "insert into llm_reservations (id, project_id, user_id, amount_micros, "
                + "expires_at) values (gen_random_uuid(), " + project + ", " + memberId + ", 0, now())",
                INSUFFICIENT_PRIVILEGE);
        assertRefused(member, "select llm_cap_events(" + project + "::bigint, interval '5 hours')", INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void usageRowsAreWrittenOnlyThroughTheLedgerFunction() {
        long project;
        try {
            project = project("ledger-only");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertRefused(member, "insert into llm_usage_log (idempotency_key, project_id, org_id, user_id, "
                + "provider, model, source, funding, outcome, cost_micros) values (gen_random_uuid(), " + project
                + ", 1, " + memberId + ", 'openai', 'm', 's', 'platform', 'ok', -30000000)", INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void connectionsRacingForRoomForFiveAdmitExactlyFive() throws Exception {
        long project = project("race");
        new JdbcCapLedger(admin).setCaps(project, Money.ofMicros(5_000), Money.ofMicros(100_000));
        int racers = 12; // one login may hold at most 20 connections (V7)
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch ready = new CountDownLatch(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                DataSource own = db.as(roleOf(member), io.qodex.persistence.testing.TestAccounts.PASSWORD);
                Callable<Boolean> racer = () -> {
                    java.sql.Connection opened;
                    try {
                        opened = own.getConnection(); // its own connection, like another desktop
                    } finally {
                        ready.countDown(); // a racer that cannot connect fails its future instead of holding the start
                    }
                    try (var connection = opened) {
                        go.await();
                        try (var p = connection.prepareStatement("select admitted from llm_reserve(?, ?, 1000, 60)")) {
                            p.setLong(1, project);
                            p.setObject(2, UUID.randomUUID());
                            try (var rs = p.executeQuery()) {
                                rs.next();
                                return rs.getBoolean(1);
                            }
                        }
                    }
                };
                results.add(pool.submit(racer));
            }
            ready.await();
            go.countDown();
            int admitted = 0;
            for (Future<Boolean> result : results) {
                admitted += result.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(5);
            assertThat(single(db.owner(), "select sum(amount_micros) from qodex.llm_reservations where project_id = ?", project))
                    .isEqualTo(5_000);
        } finally {
            pool.shutdownNow();
        }
    }

    private String roleOf(DataSource source) {
        return ((org.postgresql.ds.PGSimpleDataSource) source).getUser();
    }

    private static void assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Problem problem) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(problem));
    }
}
