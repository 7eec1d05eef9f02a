package io.qodex.app.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.Sleeper;
import io.qodex.app.adapters.openai.OpenAiChatClient;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.LlmWorld;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.CapReport;
import io.qodex.domain.llm.GatewayService;
import io.qodex.domain.llm.GatewaySettings;
import io.qodex.domain.llm.LlmCall;
import io.qodex.domain.llm.LlmGateway;
import io.qodex.domain.llm.LlmListener;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.LlmRequest;
import io.qodex.domain.llm.LlmResult;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.TokenUsage;
import io.qodex.domain.llm.UsageSource;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * F10 retries against the local OpenAI-compatible server and a real database: a 429 (with Retry-After honoured) and
 * a 5xx are retried and the call then succeeds; after the configured attempts the call fails with a message that
 * says so; a 400 or 401 is never retried; a retried call is charged once (one usage row, the caps grow by its cost
 * only) and a call that finally failed leaves no reservation and no charge. The pauses between attempts go to a
 * recording {@link Sleeper} that does not wait.
 */
class GatewayRetryIT {

    /** Two retries: three attempts at most. */
    private static final GatewaySettings SETTINGS = new GatewaySettings(Duration.ofSeconds(10), 2, Duration.ofSeconds(60));

    private static LlmWorld world;
    private static Workspace max;
    private static ExecutorService executor;
    private static OpenAiChatClient client;
    private static final List<Duration> pauses = new CopyOnWriteArrayList<>();
    /** What a pause does besides being recorded (a test cancels the call in it). */
    private static final AtomicReference<Runnable> duringPause = new AtomicReference<>(() -> { });
    private static LlmGateway gateway;

    @BeforeAll
    static void setUp() {
        world = LlmWorld.start(Map.of("QODEX_LLM_MAX_RETRIES", "2")).withOrganization();
        max = world.signIn("max");
        executor = Executors.newSingleThreadExecutor(); // one worker: a no-op task queued behind a call waits for it
        client = new OpenAiChatClient(world.openAi.baseUrl(), SETTINGS, new Sleeper() {
            @Override
            public void sleep(Duration duration) {
                pauses.add(duration);
                duringPause.get().run();
            }

            @Override
            public CompletableFuture<Void> sleepAsync(Duration duration) {
                sleep(duration);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
            }
        });
        // the workspace's own key choice, prices, caps and usage log; only the provider client is this test's
        gateway = new GatewayService(max.account(), max.llm().keys(), max.llm().prices(), max.llm().caps(),
                max.llm().usageLog(), client, executor, Clock.systemUTC(), SETTINGS);
    }

    @AfterAll
    static void tearDown() {
        client.close();
        executor.shutdownNow();
        max.close();
        world.close();
    }

    @BeforeEach
    void reset() {
        pauses.clear();
        duringPause.set(() -> { });
        world.openAi.reply("ok").usage(1000, 100, 0);
    }

    private static LlmRequest ask(String slug, String question) {
        return new LlmRequest(max.projects().bySlug(slug), "gpt-4o-mini", List.of(LlmMessage.user(question)), 200,
                UsageSource.CLI_ASK);
    }

    private static Money used(String slug) {
        return max.llm().caps().report(max.projects().bySlug(slug)).fiveHour().used();
    }

    private static Map<String, String> rowOf(LlmResult result) {
        LlmWorld.awaitStored(max);
        return world.usageRow(result.callId()); // fails if there is more than one
    }

    private static long reservations() {
        return world.ownerLong("select count(*) from qodex.llm_reservations");
    }

    private static Money priceOf(TokenUsage usage) {
        return max.llm().prices().find(LlmProvider.OPENAI, "gpt-4o-mini", LocalDate.now(ZoneOffset.UTC)).orElseThrow()
                .cost(usage);
    }

    @Test
    void aRateLimitIsRetriedAfterTheRetryAfterPauseAndTheCallIsChargedOnce() {
        LlmWorld.awaitStored(max);
        Money before = used("plat");
        int requests = world.openAi.chatRequests();

        LlmResult result = gateway.call(ask("plat", "[[fail:429:2]] [[retry-after:7]] rate limited twice"));

        assertThat(result).isInstanceOfSatisfying(LlmResult.Completed.class, done -> {
            assertThat(done.text()).isEqualTo("ok");
            assertThat(done.usage()).isEqualTo(new TokenUsage(1000, 100, 0));
            assertThat(done.cost()).isEqualTo(priceOf(done.usage())).isEqualTo(Money.ofMicros(210));
        });
        assertThat(world.openAi.chatRequests() - requests).as("two refused attempts, then the answer").isEqualTo(3);
        assertThat(pauses).as("Retry-After: 7 honoured before each retry").containsExactly(Duration.ofSeconds(7),
                Duration.ofSeconds(7));
        assertThat(rowOf(result)).containsEntry("outcome", "ok").containsEntry("funding", "platform")
                .containsEntry("input_tokens", "1000").containsEntry("output_tokens", "100")
                .containsEntry("cost_micros", "210");
        assertThat(used("plat")).as("charged once").isEqualTo(before.plus(Money.ofMicros(210)));
        assertThat(reservations()).as("the one reservation is settled by the one row").isZero();
    }

    @Test
    void aRetryAfterInMillisecondsIsHonouredAndALongOneIsCappedAtEightSeconds() {
        assertThat(gateway.call(ask("own", "[[fail:429:1]] [[retry-after-ms:250]] ms"))).isInstanceOf(LlmResult.Completed.class);
        assertThat(gateway.call(ask("own", "[[fail:429:1]] [[retry-after:600]] ten minutes")))
                .isInstanceOf(LlmResult.Completed.class);
        assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofSeconds(8));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffAndTheCallSucceeds() {
        LlmWorld.awaitStored(max);
        Money before = used("plat");
        int requests = world.openAi.chatRequests();

        LlmResult fiveHundred = gateway.call(ask("plat", "[[fail:500:1]] broken once"));
        LlmResult overloaded = gateway.call(ask("plat", "[[fail:503:2]] overloaded twice"));

        assertThat(fiveHundred).isInstanceOf(LlmResult.Completed.class);
        assertThat(overloaded).isInstanceOf(LlmResult.Completed.class);
        assertThat(world.openAi.chatRequests() - requests).isEqualTo(2 + 3);
        // no Retry-After: exponential backoff from half a second, with up to 25 % jitter taken off
        assertThat(pauses).hasSize(3);
        assertThat(pauses.get(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
        assertThat(pauses.get(1)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
        assertThat(pauses.get(2)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
        for (LlmResult result : List.of(fiveHundred, overloaded)) {
            assertThat(rowOf(result)).containsEntry("outcome", "ok").containsEntry("cost_micros", "210");
        }
        assertThat(used("plat")).isEqualTo(before.plus(Money.ofMicros(420)));
        assertThat(reservations()).isZero();
    }

    @Test
    void afterTheConfiguredAttemptsTheCallFailsSayingSoAndReleasesItsReservation() {
        LlmWorld.awaitStored(max);
        Money before = used("plat");
        CapReport reportBefore = max.llm().caps().report(max.projects().bySlug("plat"));
        int requests = world.openAi.chatRequests();

        LlmResult limited = gateway.call(ask("plat", "[[429]] [[retry-after:1]] always limited"));
        LlmResult broken = gateway.call(ask("plat", "[[fail:502:9]] always broken"));

        assertThat(world.openAi.chatRequests() - requests).as("three attempts each").isEqualTo(6);
        assertThat(pauses).hasSize(4);
        assertThat(limited).isInstanceOfSatisfying(LlmResult.Failed.class, failed -> {
            assertThat(failed.outcome()).isEqualTo(CallOutcome.RATE_LIMITED);
            assertThat(failed.message()).isEqualTo("429 rate_limit_exceeded: Rate limit reached for requests. "
                    + "(after 3 attempts)");
        });
        assertThat(broken).isInstanceOfSatisfying(LlmResult.Failed.class, failed -> {
            assertThat(failed.outcome()).isEqualTo(CallOutcome.ERROR);
            assertThat(failed.message()).isEqualTo("502 server_error: Bad gateway. (after 3 attempts)");
        });
        assertThat(rowOf(limited)).containsEntry("outcome", "rate_limited").containsEntry("funding", "platform")
                .containsEntry("cost_micros", "0").containsEntry("input_tokens", "0")
                .containsEntry("error_message", "429 rate_limit_exceeded: Rate limit reached for requests. (after 3 attempts)");
        assertThat(rowOf(broken)).containsEntry("outcome", "error").containsEntry("cost_micros", "0");
        assertThat(reservations()).as("released by the failed calls' rows").isZero();
        assertThat(used("plat")).as("nothing charged").isEqualTo(before);
        assertThat(max.llm().caps().report(max.projects().bySlug("plat")).weekly().used())
                .isEqualTo(reportBefore.weekly().used());
    }

    @Test
    void aBadRequestAndARejectedKeyAreNeverRetried() {
        int requests = world.openAi.chatRequests();

        LlmResult badRequest = gateway.call(ask("own", "[[fail:400:5]] [[retry-after:1]] bad"));
        LlmResult unauthorized = gateway.call(ask("plat", "[[fail:401:5]] [[retry-after:1]] who are you"));

        assertThat(world.openAi.chatRequests() - requests).as("one attempt each").isEqualTo(2);
        assertThat(pauses).isEmpty();
        assertThat(badRequest).isInstanceOfSatisfying(LlmResult.Failed.class, failed -> {
            assertThat(failed.outcome()).isEqualTo(CallOutcome.ERROR);
            assertThat(failed.message()).isEqualTo("400 invalid_value: Invalid value for 'max_completion_tokens'.");
        });
        assertThat(unauthorized).isInstanceOfSatisfying(LlmResult.Failed.class, failed -> {
            assertThat(failed.outcome()).isEqualTo(CallOutcome.AUTH_FAILED);
            assertThat(failed.message()).isEqualTo("401 invalid_api_key: Incorrect API key provided.");
        });
        assertThat(rowOf(badRequest)).containsEntry("outcome", "error").containsEntry("funding", "byok");
        assertThat(rowOf(unauthorized)).containsEntry("outcome", "auth_failed").containsEntry("funding", "platform");
        assertThat(reservations()).isZero();
    }

    @Test
    void stoppingACallWhileItWaitsToRetrySendsNoFurtherAttempt() throws Exception {
        LlmWorld.awaitStored(max);
        Money before = used("plat");
        int requests = world.openAi.chatRequests();
        AtomicReference<LlmCall> call = new AtomicReference<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        duringPause.set(() -> {
            started.join();
            call.get().cancel();
        });

        call.set(gateway.start(ask("plat", "[[fail:429:1]] stop me while I wait"), new LlmListener() { }));
        started.complete(null);
        LlmResult result = call.get().result().get(30, TimeUnit.SECONDS);

        assertThat(result).isInstanceOf(LlmResult.Cancelled.class);
        Money charged = ((LlmResult.Cancelled) result).cost(); // a stopped call is charged its prompt estimate, once
        assertThat(rowOf(result)).containsEntry("outcome", "cancelled")
                .containsEntry("cost_micros", Long.toString(charged.micros()));
        assertThat(reservations()).isZero();
        // the worker finishes the SDK's remaining attempts: each is cancelled before it is sent, with no pause
        executor.submit(() -> { }).get(30, TimeUnit.SECONDS);
        assertThat(pauses).as("no pause once stopped").hasSize(1);
        assertThat(world.openAi.chatRequests() - requests).as("only the first attempt reached the provider")
                .isEqualTo(1);
        assertThat(used("plat")).isEqualTo(before.plus(charged));
    }

    @Test
    void theConfiguredRetriesReachTheWorkspacesOwnGateway() {
        // QODEX_LLM_MAX_RETRIES=2 through the backend, with the product's real pause (a Retry-After-Ms of 1 ms)
        int requests = world.openAi.chatRequests();
        LlmResult result = max.llm().gateway().call(ask("own", "[[fail:503:2]] [[retry-after-ms:1]] through the backend"));
        assertThat(result).isInstanceOf(LlmResult.Completed.class);
        assertThat(world.openAi.chatRequests() - requests).isEqualTo(3);
        assertThat(rowOf(result)).containsEntry("outcome", "ok").containsEntry("funding", "byok");
    }
}
