package io.qodex.app.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.LlmWorld;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.CapReport;
import io.qodex.domain.llm.CapWindow;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.LlmCall;
import io.qodex.domain.llm.LlmListener;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.LlmRequest;
import io.qodex.domain.llm.LlmResult;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.ModelPrice;
import io.qodex.domain.llm.PromptEstimate;
import io.qodex.domain.llm.TokenUsage;
import io.qodex.domain.llm.UsageSource;
import io.qodex.domain.project.Project;
import io.qodex.app.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * F10 against a local OpenAI-compatible server and a real database: exactly one usage row per call for success,
 * 401, 429, timeout, cancel and budget refusal; cost equals tokens × price to the micro-dollar; BYOK calls never
 * touch the caps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIntegrationIT {

    private static LlmWorld world;
    private static Workspace max;

    @BeforeAll
    static void setUp() {
        world = LlmWorld.start(Map.of("QODEX_LLM_MAX_RETRIES", "0", "QODEX_LLM_TIMEOUT_SECONDS", "1")).withOrganization();
        max = world.signIn("max");
    }

    @AfterAll
    static void tearDown() {
        max.close();
        world.close();
    }

    private static LlmRequest ask(String slug, String model, String question) {
        Project project = max.projects().bySlug(slug);
        return new LlmRequest(project, model, List.of(LlmMessage.system("Be brief."), LlmMessage.user(question)), 500,
                UsageSource.CLI_ASK);
    }

    private static Map<String, String> rowOf(LlmResult result) {
        LlmWorld.awaitStored(max);
        return world.usageRow(result.callId());
    }

    @Test
    @Order(1)
    void aByokCallIsCostedFromTheStreamedUsageToTheMicroDollarAndNeverTouchesTheCaps() {
        world.openAi.reply("Four pieces of an answer.").usage(1234, 89, 567);
        CapReport before = max.llm().caps().report(max.projects().bySlug("own"));
        StringBuilder streamed = new StringBuilder();
        long started = System.nanoTime();
        LlmResult result = max.llm().gateway().start(ask("own", "gpt-4o", "What is 2+2?"), new LlmListener() {
            @Override
            public void delta(String text) {
                streamed.append(text);
            }
        }).await();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(result).isInstanceOf(LlmResult.Completed.class);
        LlmResult.Completed done = (LlmResult.Completed) result;
        assertThat(done.text()).isEqualTo("Four pieces of an answer.").isEqualTo(streamed.toString());
        assertThat(done.funding()).isEqualTo(Funding.BYOK);
        assertThat(done.usage()).isEqualTo(new TokenUsage(1234, 89, 567));
        // gpt-4o: $2.50 input, $1.25 cached input, $10.00 output per million tokens:
        // 667 × 2.5 + 567 × 1.25 + 89 × 10 = 1667.5 + 708.75 + 890 = 3266.25 micro-dollars → 3266 (half up)
        assertThat(done.cost()).isEqualTo(Money.ofMicros(3266));
        ModelPrice price = max.llm().prices().find(LlmProvider.OPENAI, "gpt-4o", LocalDate.now(ZoneOffset.UTC)).orElseThrow();
        assertThat(done.cost()).isEqualTo(price.cost(done.usage()));

        Map<String, String> row = rowOf(result);
        assertThat(row).containsEntry("outcome", "ok").containsEntry("funding", "byok").containsEntry("source", "cli-ask")
                .containsEntry("model", "gpt-4o").containsEntry("provider", "openai").containsEntry("input_tokens", "1234")
                .containsEntry("output_tokens", "89").containsEntry("cached_tokens", "567").containsEntry("cost_micros", "3266")
                .containsEntry("user_id", Long.toString(max.account().userId()));
        assertThat(Long.parseLong(row.get("latency_ms"))).as("the latency logged lies within the call as seen from here")
                .isBetween(0L, tookMillis);

        CapReport after = max.llm().caps().report(max.projects().bySlug("own"));
        assertThat(after.fiveHour().used()).isEqualTo(before.fiveHour().used()).isEqualTo(Money.ZERO);
        assertThat(after.weekly().used()).isEqualTo(Money.ZERO);
        assertThat(world.ownerLong("select count(*) from qodex.llm_reservations")).isZero();
        assertThat(world.openAi.lastChatBody()).contains("\"stream_options\":{\"include_usage\":true}")
                .contains("\"max_completion_tokens\":500");
    }

    @Test
    @Order(2)
    void aPlatformCallReservesItsWorstCaseAndItsRowSettlesIt() {
        world.openAi.reply("ok").usage(1000, 100, 0);
        LlmResult result = max.llm().gateway().call(ask("plat", "gpt-4o-mini", "hello"));
        assertThat(result).isInstanceOf(LlmResult.Completed.class);
        LlmResult.Completed done = (LlmResult.Completed) result;
        assertThat(done.funding()).isEqualTo(Funding.PLATFORM);
        assertThat(done.cost()).isEqualTo(Money.ofMicros(210)); // 1000 × 0.15 + 100 × 0.60
        assertThat(rowOf(result)).containsEntry("funding", "platform").containsEntry("cost_micros", "210");
        assertThat(world.ownerLong("select count(*) from qodex.llm_reservations")).as("settled by the row").isZero();
        CapReport report = max.llm().caps().report(max.projects().bySlug("plat"));
        assertThat(report.fiveHour().used()).isEqualTo(Money.ofMicros(210));
        assertThat(report.weekly().used()).isEqualTo(Money.ofMicros(210));
        assertThat(report.caps().isDefault()).isTrue();
        assertThat(report.fiveHour().cap()).isEqualTo(Money.ofUsd(5));
        assertThat(report.weekly().cap()).isEqualTo(Money.ofUsd(25));
    }

    @Test
    @Order(3)
    void aRejectedKeyARateLimitAServerErrorAndATimeoutAreOneRowEach() {
        LlmResult unauthorized = max.llm().gateway().call(ask("own", "gpt-4o-mini", "[[401]] hi"));
        LlmResult limited = max.llm().gateway().call(ask("own", "gpt-4o-mini", "[[429]] hi"));
        LlmResult broken = max.llm().gateway().call(ask("plat", "gpt-4o-mini", "[[500]] hi"));
        // the server never answers; the gateway's time limit (1 s, set above) ends the call as a timeout
        LlmResult slow = max.llm().gateway().call(ask("own", "gpt-4o-mini", "[[hang]] hi"));
        world.openAi.release();

        assertFailed(unauthorized, CallOutcome.AUTH_FAILED, "401 invalid_api_key: Incorrect API key provided.");
        assertFailed(limited, CallOutcome.RATE_LIMITED, "429 rate_limit_exceeded: Rate limit reached for requests.");
        assertFailed(broken, CallOutcome.ERROR, "500");
        assertFailed(slow, CallOutcome.TIMEOUT, "in time");
        for (LlmResult result : List.of(unauthorized, limited, broken, slow)) {
            assertThat(rowOf(result)).containsEntry("outcome", result.outcome().code()).containsEntry("input_tokens", "0")
                    .containsEntry("output_tokens", "0").containsEntry("cost_micros", "0");
        }
        assertThat(rowOf(broken)).containsEntry("funding", "platform");
        assertThat(world.ownerLong("select count(*) from qodex.llm_reservations")).as("the failed call's row settled it").isZero();
    }

    private static void assertFailed(LlmResult result, CallOutcome outcome, String message) {
        assertThat(result).isInstanceOfSatisfying(LlmResult.Failed.class, failed -> {
            assertThat(failed.outcome()).isEqualTo(outcome);
            assertThat(failed.message()).contains(message);
        });
    }

    @Test
    @Order(4)
    void theStopButtonCancelsAStreamingCallAndItIsLoggedAsCancelled() throws Exception {
        world.openAi.reply("one two three four five six seven eight").usage(50, 8, 0);
        CountDownLatch firstPiece = new CountDownLatch(1);
        // the server sends the first piece and then holds the stream until released
        LlmCall call = max.llm().gateway().start(ask("plat", "gpt-4o-mini", "[[stall]] count"), new LlmListener() {
            @Override
            public void delta(String text) {
                firstPiece.countDown();
            }
        });
        assertThat(firstPiece.await(5, TimeUnit.SECONDS)).isTrue();
        call.cancel();
        LlmResult result = call.result().get(5, TimeUnit.SECONDS);
        assertThat(result).isInstanceOfSatisfying(LlmResult.Cancelled.class, cancelled -> {
            assertThat(cancelled.partialText()).isNotEmpty().isNotEqualTo("one two three four five six seven eight");
            assertThat(cancelled.usage().input()).isEqualTo(PromptEstimate.tokens(List.of(LlmMessage.system("Be brief."),
                    LlmMessage.user("[[stall]] count"))));
            assertThat(cancelled.cost()).isEqualTo(max.llm().prices().find(LlmProvider.OPENAI, "gpt-4o-mini",
                    LocalDate.now(ZoneOffset.UTC)).orElseThrow().cost(cancelled.usage()));
        });
        Map<String, String> row = rowOf(result);
        assertThat(row).containsEntry("outcome", "cancelled").containsEntry("funding", "platform");
        // the rest of the stream, usage included, arrives after the cancel: it must not make a second row
        world.openAi.release();
        world.openAi.awaitIdle(Duration.ofSeconds(30));
        LlmWorld.awaitStored(max);
        assertThat(world.ownerLong("select count(*) from qodex.llm_usage_log where idempotency_key = ?", result.callId()))
                .isEqualTo(1);
        assertThat(world.ownerLong("select count(*) from qodex.llm_reservations")).isZero();
    }

    @Test
    @Order(5)
    void aCallLargerThanTheCapIsRefusedWithBudgetExceededAndLogged() {
        try (Workspace ada = world.signIn("ada")) {
            ada.llm().caps().set(ada.projects().bySlug("plat"), Money.parseUsd("0.001"), Money.parseUsd("1"));
        }
        LlmResult refused = max.llm().gateway().call(ask("plat", "gpt-4o", "a long answer please"));
        assertThat(refused).isInstanceOfSatisfying(LlmResult.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(LlmResult.Refused.Reason.BUDGET_EXCEEDED);
            assertThat(r.retryAfter()).as("larger than the cap itself").isEmpty();
            assertThat(r.message()).contains("5-hour cap").contains("larger than the cap");
        });
        assertThat(rowOf(refused)).containsEntry("outcome", "budget_exceeded").containsEntry("cost_micros", "0")
                .containsEntry("funding", "platform");
        assertThat(world.openAi.lastChatBody()).doesNotContain("a long answer please");

        // BYOK is exempt: the same call on the BYOK project goes through
        assertThat(max.llm().gateway().call(ask("own", "gpt-4o", "a long answer please")))
                .isInstanceOf(LlmResult.Completed.class);
    }

    @Test
    @Order(6)
    void atTheCapTheRefusalSaysWhenHeadroomReturns() {
        world.openAi.reply("ok").usage(10, 10, 0);
        try (Workspace ada = world.signIn("ada")) {
            // what plat has spent so far, plus room for one small call's worst case
            Project plat = ada.projects().bySlug("plat");
            Money used = ada.llm().caps().report(plat).fiveHour().used();
            ada.llm().caps().set(plat, used.plus(Money.ofMicros(305)), Money.parseUsd("1"));
        }
        LlmRequest small = new LlmRequest(max.projects().bySlug("plat"), "gpt-4o-mini", List.of(LlmMessage.user("hi")), 500,
                UsageSource.ASSISTANT); // worst case: 8 tokens in, 500 out = 301 micros; it costs 8, so a second no longer fits
        LlmResult first = max.llm().gateway().call(small);
        assertThat(first).isInstanceOf(LlmResult.Completed.class);
        LlmWorld.awaitStored(max);
        Instant beforeRefusal = Instant.now();
        LlmResult second = max.llm().gateway().call(small);
        Instant afterRefusal = Instant.now();
        assertThat(second).isInstanceOfSatisfying(LlmResult.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(LlmResult.Refused.Reason.BUDGET_EXCEEDED);
            assertThat(r.retryAfter()).isPresent();
            assertThat(r.retryAfter().get()).isBetween(java.time.Duration.ofHours(4), java.time.Duration.ofHours(6));
            assertThat(r.message()).contains("headroom for this call returns in");
        });
        Project plat = max.projects().bySlug("plat");
        Instant beforeReport = Instant.now();
        CapReport report = max.llm().caps().report(plat);
        Instant afterReport = Instant.now();
        assertThat(report.fiveHour().headroom()).isEqualTo(Money.ofMicros(297)); // 305 - 8
        // the gauge and the refusal name the same moment, each counted from its own "now": the spans in which those
        // moments can lie (whatever this machine's speed) overlap
        Duration gauge = report.fiveHour().roomFor(Money.ofMicros(301)).orElseThrow();
        Duration refusal = ((LlmResult.Refused) second).retryAfter().orElseThrow();
        assertThat(beforeRefusal.plus(refusal)).as("earliest moment the refusal can mean")
                .isBeforeOrEqualTo(afterReport.plus(gauge));
        assertThat(beforeReport.plus(gauge)).as("earliest moment the gauge can mean")
                .isBeforeOrEqualTo(afterRefusal.plus(refusal));
        assertThat(rowOf(second)).containsEntry("outcome", "budget_exceeded");
    }

    @Test
    @Order(7)
    void anUnknownModelIsRefusedOnPlatformFundingAndAViewerIsRefusedUnlogged() {
        try (Workspace ada = world.signIn("ada")) {
            ada.llm().caps().set(ada.projects().bySlug("plat"), Money.parseUsd("5"), Money.parseUsd("25"));
        }
        LlmResult unpriced = max.llm().gateway().call(ask("plat", "gpt-unknown-9", "hi"));
        assertThat(unpriced).isInstanceOfSatisfying(LlmResult.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(LlmResult.Refused.Reason.NO_PRICE));
        assertThat(rowOf(unpriced)).containsEntry("outcome", "refused");

        try (Workspace vic = world.signIn("vic")) {
            LlmResult viewer = vic.llm().gateway().call(new LlmRequest(vic.projects().bySlug("own"), "gpt-4o-mini",
                    List.of(LlmMessage.user("hi")), 10, UsageSource.ASSISTANT));
            assertThat(viewer).isInstanceOfSatisfying(LlmResult.Refused.class, r -> {
                assertThat(r.reason()).isEqualTo(LlmResult.Refused.Reason.NOT_ALLOWED);
                assertThat(r.logged()).isFalse();
            });
        }
    }

    @Test
    @Order(8)
    void withoutAnyKeyTheCallIsRefusedClearlyAndLogged() {
        try (Workspace ada = world.signIn("ada")) {
            ada.llmKeys().removePlatformKey();
        }
        try (Workspace fresh = world.signIn("max")) { // no cached key
            LlmResult result = fresh.llm().gateway().call(new LlmRequest(fresh.projects().bySlug("plat"), "gpt-4o-mini",
                    List.of(LlmMessage.user("hi")), 10, UsageSource.ASSISTANT));
            assertThat(result).isInstanceOfSatisfying(LlmResult.Refused.class, r -> {
                assertThat(r.reason()).isEqualTo(LlmResult.Refused.Reason.NO_KEY);
                assertThat(r.message()).contains("No LLM key for Platform").contains("qodex byok set")
                        .contains("qodex org platform-key set");
            });
            LlmWorld.awaitStored(fresh);
            assertThat(world.usageRow(result.callId())).containsEntry("outcome", "refused");
        }
        try (Workspace ada = world.signIn("ada")) {
            ada.llmKeys().setPlatformKey(LlmProvider.OPENAI, Secret.copyOf(LlmWorld.PLATFORM_KEY));
        }
    }

    @Test
    @Order(9)
    void byokKeyChecksAreLoggedAsByokValidateRowsAndNoKeyIsLogged() {
        try (LogCapture logs = new LogCapture(); Workspace ada = world.signIn("ada")) {
            Project own = ada.projects().bySlug("own");
            ada.llmKeys().setByok(own, LlmProvider.OPENAI, Secret.copyOf(LlmWorld.BYOK_KEY));
            assertThatThrownBy(() -> ada.llmKeys().setByok(own, LlmProvider.OPENAI,
                    Secret.copyOf("sk-wrong-key-000000000000000000")))
                    .as("refused by the provider").isInstanceOfSatisfying(QodexException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.PROVIDER_REFUSED));
            LlmWorld.awaitStored(ada);
            assertThat(world.ownerLong("select count(*) from qodex.llm_usage_log where source = 'byok-validate' "
                    + "and outcome = 'ok' and funding = 'byok' and cost_micros = 0 and user_id = ?",
                    ada.account().userId())).isGreaterThanOrEqualTo(2); // the world's own set-up did one too
            assertThat(world.ownerLong("select count(*) from qodex.llm_usage_log where source = 'byok-validate' "
                    + "and outcome = 'auth_failed'")).isEqualTo(1);
            assertThat(logs.text()).doesNotContain(LlmWorld.BYOK_KEY, LlmWorld.PLATFORM_KEY, "sk-wrong-key-0000");
        }
        assertThat(world.ownerLong("select count(*) from qodex.llm_usage_log where error_message like '%sk-wrong%'")).isZero();
    }

    @Test
    @Order(10)
    void everyCallOfThisClassHasExactlyOneRowAndTheRollupsAgreeWithTheLog() {
        LlmWorld.awaitStored(max);
        assertThat(world.ownerLong("select count(*) from (select idempotency_key from qodex.llm_usage_log "
                + "group by 1 having count(*) > 1) d")).isZero();
        assertThat(world.ownerLong("select coalesce(sum(calls), 0) from qodex.llm_usage_daily"))
                .isEqualTo(world.ownerLong("select count(*) from qodex.llm_usage_log"));
        assertThat(world.ownerLong("select coalesce(sum(cost_micros), 0) from qodex.llm_usage_daily"))
                .isEqualTo(world.ownerLong("select coalesce(sum(cost_micros), 0) from qodex.llm_usage_log"));
        assertThat(world.ownerLong("select coalesce(sum(cost_micros), 0) from qodex.llm_usage_hourly"))
                .isEqualTo(world.ownerLong("select coalesce(sum(cost_micros), 0) from qodex.llm_usage_log"));
        assertThat(world.ownerLong("select coalesce(sum(calls), 0) from qodex.llm_usage_project_daily"))
                .isEqualTo(world.ownerLong("select count(*) from qodex.llm_usage_log"));
    }
}
