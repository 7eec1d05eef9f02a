package io.qodex.app.scenarios;

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
import io.qodex.domain.scenario.RequestPacer;
import io.qodex.domain.scenario.RequestSpec;
import io.qodex.domain.scenario.RunListener;
import io.qodex.domain.scenario.RunStatus;
import io.qodex.domain.scenario.RunTarget;
import io.qodex.domain.scenario.ScenarioResult;
import io.qodex.domain.scenario.ScenarioRunner;
import io.qodex.domain.scenario.ScenarioSpec;
import io.qodex.domain.scenario.ScenarioStep;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (docs/benchmarks.md, "Scenario runner overhead"): the time per request of a scenario step against a local
 * server, next to the same GET sent with plain java.net.http (a request built and sent with {@code HttpClient.send}
 * per GET, body as a string). Rounds
 * alternate so both see the same machine; each prints the median of its rounds. The runner resolves the step's
 * templates (a new resolver per step, as runs do), takes a pacer permit (a rate it never reaches, so this measures
 * the work, not the waiting), sends, and checks the status; a second variant also reads a JSONPath expectation, a
 * third takes its permits from the pacer file runs use (FilePacers, at 1,000 requests per second, the highest rate
 * an environment may have: 500 requests of a few hundred microseconds each stay under it only in part, so that
 * variant includes some waiting).
 * Run: ./mvnw -B verify -Pbench -pl app -am -Dtest=ScenarioRunnerBenchmark
 */
class ScenarioRunnerBenchmark {

    private static final int STEPS = 500;
    private static final int ROUNDS = 7;

    @Test
    void runnerOverheadPerRequest() throws Exception {
        try (ApiServer api = new ApiServer()) {
            String url = api.url("/items");
            HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            ScenarioRunner runner = new ScenarioRunner(new JavaScenarioHttp(Duration.ofSeconds(5)),
                    new JaywayJsonPaths(), Clock.systemUTC());
            RunTarget target = target(api.url(""), new RequestPacer(Integer.MAX_VALUE));
            java.nio.file.Path home = java.nio.file.Files.createTempDirectory("qodex-bench-pacer");
            EnvironmentSummary local = target.environment();
            RunTarget filePaced = new RunTarget(local, target.resolvers(), target.tokens(),
                    new io.qodex.app.adapters.files.FilePacers(home, "bench").of(local));
            ScenarioSpec statusOnly = scenario(new Expectations(Optional.of(200), Map.of(), List.of(), Map.of(),
                    Optional.empty()));
            ScenarioSpec withJson = scenario(new Expectations(Optional.of(200),
                    Map.of("$.items[0].id", BigInteger.valueOf(7)), List.of(), Map.of(), Optional.empty()));
            for (int i = 0; i < 4; i++) { // warm-up: JIT, connections
                raw(raw, url);
                run(runner, statusOnly, target);
                run(runner, withJson, target);
            }
            List<Double> rawRounds = new ArrayList<>();
            List<Double> statusRounds = new ArrayList<>();
            List<Double> jsonRounds = new ArrayList<>();
            List<Double> adapterRounds = new ArrayList<>();
            List<Double> fileRounds = new ArrayList<>();
            JavaScenarioHttp adapter = new JavaScenarioHttp(Duration.ofSeconds(5));
            for (int round = 0; round < ROUNDS; round++) {
                rawRounds.add(raw(raw, url));
                adapterRounds.add(adapter(adapter, url));
                statusRounds.add(run(runner, statusOnly, target));
                jsonRounds.add(run(runner, withJson, target));
                fileRounds.add(run(runner, statusOnly, filePaced));
            }
            double rawMedian = median(rawRounds);
            double statusMedian = median(statusRounds);
            double jsonMedian = median(jsonRounds);
            System.out.printf(Locale.ROOT, "scenario runner, %d requests x %d rounds, median per request:%n", STEPS,
                    ROUNDS);
            System.out.printf(Locale.ROOT, "  raw java.net.http GET          %7.1f us%n", rawMedian);
            System.out.printf(Locale.ROOT, "  adapter alone (JavaScenarioHttp) %5.1f us  (%.2fx raw)%n",
                    median(adapterRounds), median(adapterRounds) / rawMedian);
            System.out.printf(Locale.ROOT, "  runner step, status check      %7.1f us  (%.2fx raw)%n", statusMedian,
                    statusMedian / rawMedian);
            System.out.printf(Locale.ROOT, "  runner step, status + JSONPath %7.1f us  (%.2fx raw)%n", jsonMedian,
                    jsonMedian / rawMedian);
            System.out.printf(Locale.ROOT, "  runner step, status, file pacer %6.1f us  (%.2fx raw)%n",
                    median(fileRounds), median(fileRounds) / rawMedian);
        }
    }

    private static double raw(HttpClient client, String url) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < STEPS; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode());
            }
        }
        return (System.nanoTime() - start) / 1000.0 / STEPS;
    }

    private static double adapter(JavaScenarioHttp adapter, String url) {
        io.qodex.domain.scenario.ScenarioHttp.Outgoing request = new io.qodex.domain.scenario.ScenarioHttp.Outgoing(
                "GET", URI.create(url), List.of(), Optional.empty(), Duration.ofSeconds(30));
        CancelSignal never = new CancelSignal();
        long start = System.nanoTime();
        for (int i = 0; i < STEPS; i++) {
            if (!(adapter.send(request, never) instanceof io.qodex.domain.scenario.ScenarioHttp.Answer.Response)) {
                throw new IllegalStateException("failed");
            }
        }
        return (System.nanoTime() - start) / 1000.0 / STEPS;
    }

    private static double run(ScenarioRunner runner, ScenarioSpec scenario, RunTarget target) {
        long start = System.nanoTime();
        ScenarioResult result = runner.run(scenario, Optional.empty(), target, RunListener.NONE, new CancelSignal());
        long elapsed = System.nanoTime() - start;
        if (result.status() != RunStatus.PASSED) {
            throw new IllegalStateException(result.summary());
        }
        return elapsed / 1000.0 / STEPS;
    }

    private static ScenarioSpec scenario(Expectations expect) {
        List<ScenarioStep> steps = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            steps.add(new ScenarioStep("get " + i, new RequestSpec("GET", "${baseUrl}/items", Map.of(),
                    Optional.empty()), expect, Map.of()));
        }
        return new ScenarioSpec("bench", "", List.of(), Optional.empty(), false, false, Optional.empty(), steps);
    }

    private static RunTarget target(String baseUrl, io.qodex.domain.scenario.Pacer pacer) {
        EnvironmentSummary summary = new EnvironmentSummary(1, 1, new EnvironmentName("Local"), new HttpUrl(baseUrl),
                Optional.empty(), EnvironmentPreset.LOCAL, new Appearance(Optional.empty(), Optional.empty(), false),
                new Constraints(false, Constraints.MAX_RPS, true, true), 0, 1);
        return new RunTarget(summary, (profile, captures) -> new VariableResolver(
                Map.of("baseUrl", new Binding.Literal(baseUrl)), true, false), profile -> {
                    throw new IllegalStateException("no profile");
                }, pacer);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
