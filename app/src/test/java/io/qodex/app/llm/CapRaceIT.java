package io.qodex.app.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.LlmWorld;
import io.qodex.domain.llm.CapReport;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.LlmRequest;
import io.qodex.domain.llm.LlmResult;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.PromptEstimate;
import io.qodex.domain.llm.UsageSource;
import io.qodex.domain.project.Project;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * F10: 20 concurrent platform-funded calls from 20 sessions (separate connection pools, as separate desktops
 * would) against a cap with room for 5: the server holds every admitted call until all 20 are decided, so exactly 5
 * are admitted; afterwards the log and the cap agree.
 */
class CapRaceIT {

    private static final int DESKTOPS = 20;
    private static LlmWorld world;

    @BeforeAll
    static void setUp() {
        world = LlmWorld.start(Map.of("QODEX_LLM_MAX_RETRIES", "0")).withOrganization();
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    @Test
    void twentyDesktopsRacingForRoomForFiveCannotOvershoot() throws Exception {
        world.openAi.reply("raced").usage(100, 50, 0);
        List<LlmMessage> messages = List.of(LlmMessage.user("[[hang]] race")); // admitted calls wait at the server
        Money worstCase;
        try (Workspace ada = world.signIn("ada")) {
            Project plat = ada.projects().bySlug("plat");
            worstCase = ada.llm().prices().find(LlmProvider.OPENAI, "gpt-4o-mini", LocalDate.now(ZoneOffset.UTC))
                    .orElseThrow().worstCase(PromptEstimate.tokens(messages), 1000);
            Money roomForFive = Money.ofMicros(worstCase.micros() * 5 + worstCase.micros() / 2);
            ada.llm().caps().set(plat, roomForFive, Money.ofUsd(10));
        }
        List<Workspace> desktops = new ArrayList<>();
        for (int i = 0; i < DESKTOPS; i++) {
            desktops.add(world.signIn(i % 2 == 0 ? "max" : "ada"));
        }
        ExecutorService threads = Executors.newFixedThreadPool(DESKTOPS);
        List<LlmResult> results = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<LlmResult>> calls = new ArrayList<>();
            for (Workspace desktop : desktops) {
                Project plat = desktop.projects().bySlug("plat");
                desktop.llm().gateway(); // wired before the start line
                calls.add(threads.submit(() -> {
                    go.await();
                    return desktop.llm().gateway().call(new LlmRequest(plat, "gpt-4o-mini", messages, 1000,
                            UsageSource.ASSISTANT));
                }));
            }
            go.countDown();
            // the race is decided once every call was either refused or admitted (and is held by the server)
            world.openAi.awaitHeld(held -> held + calls.stream().filter(Future::isDone).count() == DESKTOPS,
                    Duration.ofSeconds(120), "every call refused or held at the server");
            assertThat(world.openAi.held()).as("calls admitted of %d racing for room for 5", DESKTOPS).isEqualTo(5);
            world.openAi.release();
            for (Future<LlmResult> call : calls) {
                results.add(call.get());
            }
            for (Workspace desktop : desktops) {
                LlmWorld.awaitStored(desktop);
            }
        } finally {
            threads.shutdownNow();
            desktops.forEach(Workspace::close);
        }

        long admitted = results.stream().filter(LlmResult.Completed.class::isInstance).count();
        assertThat(admitted).as("admitted of %d racing for room for 5", DESKTOPS).isEqualTo(5);
        assertThat(results).filteredOn(r -> !(r instanceof LlmResult.Completed))
                .allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(LlmResult.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(LlmResult.Refused.Reason.BUDGET_EXCEEDED)));

        // afterwards: one row per call, no reservation left, and the cap's usage is exactly the logged cost
        for (LlmResult result : results) {
            assertThat(world.ownerLong("select count(*) from qodex.llm_usage_log where idempotency_key = ?", result.callId()))
                    .isEqualTo(1);
        }
        assertThat(world.ownerLong("select count(*) from qodex.llm_reservations")).isZero();
        long logged = world.ownerLong("select coalesce(sum(cost_micros), 0) from qodex.llm_usage_log l join qodex.projects p "
                + "on p.id = l.project_id where p.slug = 'plat' and l.funding = 'platform'");
        long completedCost = results.stream().filter(LlmResult.Completed.class::isInstance)
                .mapToLong(r -> ((LlmResult.Completed) r).cost().micros()).sum();
        assertThat(logged).isEqualTo(completedCost).isEqualTo(admitted * 45);
        try (Workspace ada = world.signIn("ada")) {
            CapReport report = ada.llm().caps().report(ada.projects().bySlug("plat"));
            assertThat(report.fiveHour().used().micros()).isEqualTo(logged);
            assertThat(report.weekly().used().micros()).isEqualTo(logged);
        }
    }
}
