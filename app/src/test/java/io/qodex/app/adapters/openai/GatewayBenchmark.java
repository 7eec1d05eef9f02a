package io.qodex.app.adapters.openai;

import io.qodex.app.adapters.openai.OpenAiChatClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.LlmWorld;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.llm.ChatModelClient;
import io.qodex.domain.llm.GatewayService;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.LlmRequest;
import io.qodex.domain.llm.LlmResult;
import io.qodex.domain.llm.UsageSource;
import io.qodex.domain.project.Project;
import io.qodex.persistence.llm.PgUsageLogWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Gateway overhead per call against the local OpenAI-compatible server with the usage log on (F10, F11), compared
 * with a bare SDK streaming call in the same run, interleaved. Also measured directly: the time a gateway call
 * spends outside the provider call (key, price, cap admission, worker hand-off, usage row). Prints; never asserts.
 */
class GatewayBenchmark {

    private static final int WARM_UP = 1_500;
    private static final int ROUNDS = 4_000;
    private static final int PLATFORM_ROUNDS = 1_000;

    @Test
    void overheadPerCall() throws Exception {
        try (LlmWorld world = LlmWorld.start(Map.of("QODEX_LLM_MAX_RETRIES", "0")).withOrganization();
             Workspace max = world.signIn("max")) {
            world.openAi.reply("A short answer in four pieces.").usage(120, 12, 0);
            Project own = max.projects().bySlug("own");
            Project plat = max.projects().bySlug("plat");
            List<LlmMessage> messages = List.of(LlmMessage.system("Be brief."), LlmMessage.user("Say something short."));
            OpenAIClient bare = OpenAIOkHttpClient.builder().baseUrl(world.openAi.baseUrl()).apiKey(LlmWorld.BYOK_KEY)
                    .maxRetries(0).timeout(Timeout.builder().connect(Duration.ofSeconds(10)).read(Duration.ofSeconds(120))
                            .request(Duration.ofSeconds(120)).build()).build();

            TimedClient timed = new TimedClient(world.backend.chatClient());
            GatewayService gateway = new GatewayService(max.account(), max.llm().keys(), max.llm().prices(), max.llm().caps(),
                    max.llm().usageLog(), timed, world.backend.llmExecutor(), Clock.systemUTC(),
                    world.backend.gatewaySettings());
            LlmRequest byok = new LlmRequest(own, "gpt-4o-mini", messages, 64, UsageSource.ASSISTANT);
            LlmRequest platform = new LlmRequest(plat, "gpt-4o-mini", messages, 64, UsageSource.ASSISTANT);

            for (int i = 0; i < WARM_UP; i++) {
                bareCall(bare, messages);
                check(gateway.call(byok));
            }
            long[] bareNanos = new long[ROUNDS];
            long[] gatewayNanos = new long[ROUNDS];
            long[] insideNanos = new long[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                boolean bareFirst = i % 2 == 0;
                if (bareFirst) {
                    bareNanos[i] = bareCall(bare, messages);
                }
                long start = System.nanoTime();
                check(gateway.call(byok));
                gatewayNanos[i] = System.nanoTime() - start;
                insideNanos[i] = gatewayNanos[i] - timed.last;
                if (!bareFirst) {
                    bareNanos[i] = bareCall(bare, messages);
                }
            }
            long[] platformOverhead = new long[PLATFORM_ROUNDS];
            for (int i = 0; i < PLATFORM_ROUNDS; i++) {
                long start = System.nanoTime();
                check(gateway.call(platform));
                platformOverhead[i] = System.nanoTime() - start - timed.last;
            }
            PgUsageLogWriter writer = (PgUsageLogWriter) max.llm().usageLog();
            writer.awaitStored(Duration.ofSeconds(60));
            bare.close();

            System.out.printf("calls: %d interleaved pairs after %d warm-up pairs; usage log on (%d rows written)%n",
                    ROUNDS, WARM_UP, writer.stored());
            System.out.println("                                   p50 ms    p90 ms    p99 ms");
            line("bare SDK streaming call", bareNanos);
            line("gateway call (BYOK)", gatewayNanos);
            System.out.printf("added at p50: %.3f ms, at p99: %.3f ms (difference of the percentiles)%n",
                    (pct(gatewayNanos, 50) - pct(bareNanos, 50)) / 1e6, (pct(gatewayNanos, 99) - pct(bareNanos, 99)) / 1e6);
            line("gateway outside the provider call, BYOK", insideNanos);
            line("gateway outside the provider call, platform (reserve)", platformOverhead);
        }
    }

    private static void check(LlmResult result) {
        if (!(result instanceof LlmResult.Completed)) {
            throw new IllegalStateException("benchmark call failed: " + result);
        }
    }

    private static long bareCall(OpenAIClient client, List<LlmMessage> messages) {
        long start = System.nanoTime();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                OpenAiChatClient.params(new ChatModelClient.Request(io.qodex.domain.llm.LlmProvider.OPENAI, "gpt-4o-mini",
                        messages, 64)))) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        if (text.isEmpty()) {
            throw new IllegalStateException("no answer");
        }
        return System.nanoTime() - start;
    }

    private static void line(String label, long[] nanos) {
        System.out.printf("%-52s %8.3f  %8.3f  %8.3f%n", label, pct(nanos, 50) / 1e6, pct(nanos, 90) / 1e6,
                pct(nanos, 99) / 1e6);
    }

    private static double pct(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    /** The real adapter, timed: how long the provider call itself took. */
    private static final class TimedClient implements ChatModelClient {
        private final ChatModelClient inner;
        volatile long last;

        TimedClient(ChatModelClient inner) {
            this.inner = inner;
        }

        @Override
        public Reply stream(Request request, Secret key, Consumer<String> deltas, CancelSignal cancel) throws ProviderFailure {
            long start = System.nanoTime();
            try {
                return inner.stream(request, key, deltas, cancel);
            } finally {
                last = System.nanoTime() - start;
            }
        }
    }
}
