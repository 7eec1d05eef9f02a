package io.qodex.app.scenarios;

import io.qodex.app.adapters.files.FilePacers;
import io.qodex.app.adapters.http.JavaScenarioHttp;
import io.qodex.app.adapters.http.JaywayJsonPaths;
import io.qodex.app.testing.ApiServer;
import io.qodex.domain.environment.Appearance;
import io.qodex.domain.environment.Binding;
import io.qodex.domain.environment.Constraints;
import io.qodex.domain.environment.EnvironmentName;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.environment.HttpUrl;
import io.qodex.domain.environment.VariableResolver;
import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.scenario.Expectations;
import io.qodex.domain.scenario.Pacer;
import io.qodex.domain.scenario.RequestPacer;
import io.qodex.domain.scenario.RequestSpec;
import io.qodex.domain.scenario.RunListener;
import io.qodex.domain.scenario.RunStatus;
import io.qodex.domain.scenario.RunTarget;
import io.qodex.domain.scenario.ScenarioHttp;
import io.qodex.domain.scenario.ScenarioResult;
import io.qodex.domain.scenario.ScenarioRunner;
import io.qodex.domain.scenario.ScenarioSpec;
import io.qodex.domain.scenario.ScenarioStep;
import io.qodex.domain.scenario.StepResult;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (docs/benchmarks.md, "Scenario runner overhead"): the time of one request against a local server, sent
 * with plain java.net.http (a request built and sent with {@code HttpClient.send}, body as a string) and as a scenario
 * step: the adapter alone; a step that resolves its templates (a new resolver per step, as runs do), takes a pacer
 * permit, sends, checks the status and masks what it reports; the same with a JSONPath expectation; the same with the
 * pacer file runs use ({@link FilePacers}, a fresh environment each round, at 1,000 requests per second, the highest
 * rate an environment may have, which 500 requests stay under: this measures the work, not waiting). Each request is
 * timed on its own (a step from the runner's stepStarted to its stepFinished); the variants take turns, each round
 * starting with the next one; the server records nothing. Prints the median and the 90th percentile of every
 * request of every round. Run: ./mvnw -B verify -Pbench -pl app -am -Dtest=ScenarioRunnerBenchmark
 */
class ScenarioRunnerBenchmark {

    private static final int STEPS = 500;
    private static final int ROUNDS = 15;

    @Test
    void runnerOverheadPerRequest() throws Exception {
        try (ApiServer api = new ApiServer(false)) {
            String url = api.url("/items");
            HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            JavaScenarioHttp adapter = new JavaScenarioHttp(Duration.ofSeconds(5));
            ScenarioRunner runner = new ScenarioRunner(new JavaScenarioHttp(Duration.ofSeconds(5)),
                    new JaywayJsonPaths(), Clock.systemUTC());
            ScenarioSpec statusOnly = scenario(new Expectations(Optional.of(200), Map.of(), List.of(), Map.of(),
                    Optional.empty()));
            ScenarioSpec withJson = scenario(new Expectations(Optional.of(200),
                    Map.of("$.items[0].id", BigInteger.valueOf(7)), List.of(), Map.of(), Optional.empty()));
            Path home = Files.createTempDirectory("qodex-bench-pacer");
            long[] environments = {100};
            Supplier<RunTarget> inMemory = () -> target(api.url(""), 1, new RequestPacer(Integer.MAX_VALUE));
            Supplier<RunTarget> filePaced = () -> {
                long id = environments[0]++;
                RunTarget target = target(api.url(""), id, new RequestPacer(1));
                return new RunTarget(target.environment(), target.resolvers(), target.tokens(),
                        new FilePacers(home, "bench").of(target.environment()));
            };
            List<String> names = List.of("raw java.net.http GET", "adapter alone (JavaScenarioHttp)",
                    "runner step, status check", "runner step, status + JSONPath", "runner step, status, file pacer");
            List<List<Long>> samples = new ArrayList<>();
            names.forEach(n -> samples.add(new ArrayList<>()));
            List<Supplier<List<Long>>> variants = List.of(() -> raw(raw, url), () -> adapter(adapter, url),
                    () -> run(runner, statusOnly, inMemory.get()), () -> run(runner, withJson, inMemory.get()),
                    () -> run(runner, statusOnly, filePaced.get()));
            for (int warm = 0; warm < 3; warm++) { // JIT, connections
                variants.forEach(Supplier::get);
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (int v = 0; v < variants.size(); v++) {
                    int which = (round + v) % variants.size();
                    samples.get(which).addAll(variants.get(which).get());
                }
            }
            double rawMedian = percentile(samples.get(0), 50);
            System.out.printf(Locale.ROOT, "scenario runner, %d requests x %d rounds per variant, per request:%n",
                    STEPS, ROUNDS);
            for (int v = 0; v < names.size(); v++) {
                double median = percentile(samples.get(v), 50);
                System.out.printf(Locale.ROOT, "  %-34s p50 %6.1f us (%.2fx raw)   p90 %6.1f us%n", names.get(v),
                        median, median / rawMedian, percentile(samples.get(v), 90));
            }
        }
    }

    private static List<Long> raw(HttpClient client, String url) {
        List<Long> times = new ArrayList<>(STEPS);
        for (int i = 0; i < STEPS; i++) {
            long start = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode());
            }
            times.add(System.nanoTime() - start);
        }
        return times;
    }

    private static List<Long> adapter(JavaScenarioHttp adapter, String url) {
        List<Long> times = new ArrayList<>(STEPS);
        CancelSignal never = new CancelSignal();
        for (int i = 0; i < STEPS; i++) {
            long start = System.nanoTime();
            ScenarioHttp.Outgoing request = new ScenarioHttp.Outgoing("GET", URI.create(url), List.of(),
                    Optional.empty(), Duration.ofSeconds(30));
            if (!(adapter.send(request, never) instanceof ScenarioHttp.Answer.Response)) {
                throw new IllegalStateException("failed");
            }
            times.add(System.nanoTime() - start);
        }
        return times;
    }

    private static List<Long> run(ScenarioRunner runner, ScenarioSpec scenario, RunTarget target) {
        List<Long> times = new ArrayList<>(STEPS);
        long[] started = new long[1];
        ScenarioResult result = runner.run(scenario, Optional.empty(), target, new RunListener() {
            @Override
            public void stepStarted(ScenarioSpec spec, int index, ScenarioStep step) {
                started[0] = System.nanoTime();
            }

            @Override
            public void stepFinished(ScenarioSpec spec, StepResult step) {
                times.add(System.nanoTime() - started[0]);
            }
        }, new CancelSignal());
        if (result.status() != RunStatus.PASSED) {
            throw new IllegalStateException(result.summary());
        }
        return times;
    }

    private static ScenarioSpec scenario(Expectations expect) {
        List<ScenarioStep> steps = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            steps.add(new ScenarioStep("get " + i, new RequestSpec("GET", "${baseUrl}/items", Map.of(),
                    Optional.empty()), expect, Map.of()));
        }
        return new ScenarioSpec("bench", "", List.of(), Optional.empty(), false, false, Optional.empty(), steps);
    }

    private static RunTarget target(String baseUrl, long environmentId, Pacer pacer) {
        EnvironmentSummary summary = new EnvironmentSummary(environmentId, 1, new EnvironmentName("Local"),
                new HttpUrl(baseUrl), Optional.empty(), EnvironmentPreset.LOCAL,
                new Appearance(Optional.empty(), Optional.empty(), false),
                new Constraints(false, Constraints.MAX_RPS, true, true), 0, 1);
        return new RunTarget(summary, (profile, captures) -> new VariableResolver(
                Map.of("baseUrl", new Binding.Literal(baseUrl)), true, false), profile -> {
                    throw new IllegalStateException("no profile");
                }, pacer);
    }

    private static double percentile(List<Long> nanos, int percent) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)] / 1000.0;
    }
}
