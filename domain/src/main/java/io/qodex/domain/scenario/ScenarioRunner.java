package io.qodex.domain.scenario;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.environment.Constraints;
import io.qodex.domain.environment.Masks;
import io.qodex.domain.environment.ResolvedText;
import io.qodex.domain.environment.Token;
import io.qodex.domain.environment.VariableResolver;
import io.qodex.domain.llm.CancelSignal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs scenarios against an environment and enforces its constraints before anything is sent: a scenario marked
 * destructive or security is refused whole where the environment does not allow it; on a read-only environment only
 * GET, HEAD and OPTIONS steps leave the machine (others are reported refused); every request, the token's login
 * included, waits for the environment's {@link RequestPacer}. Secrets the steps use are masked in every excerpt.
 */
public final class ScenarioRunner {

    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final int EXCERPT = 2000;

    private final ScenarioHttp http;
    private final JsonPaths paths;
    private final Clock clock;

    public ScenarioRunner(ScenarioHttp http, JsonPaths paths, Clock clock) {
        this.http = http;
        this.paths = paths;
        this.clock = clock;
    }

    public ScenarioResult run(ScenarioSpec scenario, Optional<Long> scenarioId, RunTarget target, RunListener listener,
                              CancelSignal cancel) {
        Instant started = clock.instant();
        String environment = target.environment().name().value();
        listener.scenarioStarted(scenario);
        Optional<String> refusal = refusal(scenario, target.environment().constraints(), environment);
        if (refusal.isPresent()) {
            ScenarioResult refused = new ScenarioResult(scenario.name(), scenarioId, environment, RunStatus.REFUSED,
                    List.of(), refusal, started, clock.instant());
            listener.scenarioFinished(refused);
            return refused;
        }
        List<StepResult> results = new ArrayList<>();
        Map<String, String> captures = new LinkedHashMap<>();
        Token token = null;
        String tokenProblem = null;
        try {
            if (scenario.profile().isPresent() && !scenario.steps().isEmpty()) {
                Optional<RequestPacer.Permit> permit = target.pacer().acquire(cancel);
                if (permit.isPresent()) {
                    try {
                        token = target.tokens().token(scenario.profile().get());
                    } catch (QodexException e) {
                        tokenProblem = "No token for profile " + scenario.profile().get() + ": " + e.getMessage();
                    } finally {
                        permit.get().close();
                    }
                }
            }
            for (int i = 0; i < scenario.steps().size(); i++) {
                ScenarioStep step = scenario.steps().get(i);
                StepResult result;
                if (cancel.cancelled()) {
                    result = StepResult.notSent(i, step, StepOutcome.SKIPPED, line(step), "Stopped before this step.");
                } else {
                    listener.stepStarted(scenario, i, step);
                    result = tokenProblem != null
                            ? StepResult.notSent(i, step, StepOutcome.ERROR, line(step), tokenProblem)
                            : step(scenario, i, step, target, captures, token, cancel);
                }
                results.add(result);
                listener.stepFinished(scenario, result);
            }
        } finally {
            if (token != null) {
                token.close();
            }
        }
        ScenarioResult result = new ScenarioResult(scenario.name(), scenarioId, environment,
                status(results, cancel.cancelled()), results, Optional.empty(), started, clock.instant());
        listener.scenarioFinished(result);
        return result;
    }

    /** Why the environment does not allow the scenario at all, or empty. */
    public static Optional<String> refusal(ScenarioSpec scenario, Constraints constraints, String environment) {
        if (scenario.destructive() && !constraints.allowDestructiveTests()) {
            return Optional.of("Refused: " + scenario.name() + " is marked destructive and " + environment
                    + " does not allow destructive tests.");
        }
        if (scenario.security() && !constraints.allowSecurityTesting()) {
            return Optional.of("Refused: " + scenario.name() + " is marked as a security test and " + environment
                    + " does not allow security testing.");
        }
        return Optional.empty();
    }

    private StepResult step(ScenarioSpec scenario, int index, ScenarioStep step, RunTarget target,
                            Map<String, String> captures, @Nullable Token token, CancelSignal cancel) {
        RequestSpec request = step.request();
        if (target.environment().constraints().readOnly() && !request.safe()) {
            return StepResult.notSent(index, step, StepOutcome.REFUSED, line(step), "Not sent: "
                    + target.environment().name() + " is read-only, so only GET, HEAD and OPTIONS requests leave "
                    + "this machine.");
        }
        if (target.environment().constraints().readOnly() && request.overridesMethod()) {
            return StepResult.notSent(index, step, StepOutcome.REFUSED, line(step), "Not sent: "
                    + target.environment().name() + " is read-only, and a method-override header (X-HTTP-Method-"
                    + "Override and the like) could make a server treat this " + request.method() + " as a write.");
        }
        VariableResolver opened;
        try {
            opened = target.resolvers().open(scenario.profile(), Map.copyOf(captures));
        } catch (QodexException e) { // the profile is gone, the stored environment does not check
            return StepResult.notSent(index, step, StepOutcome.ERROR, line(step), e.getMessage());
        }
        try (VariableResolver resolver = opened) {
            Resolved resolved;
            try {
                resolved = resolve(step, resolver, token);
            } catch (QodexException e) {
                return StepResult.notSent(index, step, StepOutcome.ERROR, line(step), e.getMessage());
            }
            String sentLine = request.method() + " " + resolved.maskedUrl();
            Optional<RequestPacer.Permit> permit = target.pacer().acquire(cancel);
            if (permit.isEmpty()) {
                return StepResult.notSent(index, step, StepOutcome.SKIPPED, sentLine, "Stopped before this step.");
            }
            ScenarioHttp.Answer answer;
            try {
                answer = http.send(resolved.outgoing(), cancel);
            } finally {
                permit.get().close();
            }
            Redactor redact = text -> {
                String out = resolver.redact(text);
                return token == null || token.value().isWiped() || token.value().length() < 3 ? out
                        : out.replace(token.value().reveal(), Masks.STORED);
            };
            String requestExcerpt = excerpt(sentLine + "\n" + resolved.maskedHeaders()
                    + resolved.maskedBody().map(b -> "\n" + b).orElse(""));
            if (answer instanceof ScenarioHttp.Answer.Failure failure) {
                return new StepResult(index, step.name(), StepOutcome.ERROR, sentLine, Optional.empty(),
                        Optional.empty(), List.of(), requestExcerpt, "", Optional.of(redact.apply(failure.message())));
            }
            ScenarioHttp.Answer.Response response = (ScenarioHttp.Answer.Response) answer;
            List<Check> checks = checks(step, response, captures, redact);
            boolean held = checks.stream().allMatch(Check::held);
            String responseExcerpt = excerpt(redact.apply("HTTP " + response.status()
                    + response.header("content-type").map(t -> "\ncontent-type: " + t).orElse("") + "\n\n"
                    + head(response.body())) + (response.truncated() ? "\n[body cut at the read limit]" : ""));
            return new StepResult(index, step.name(), held ? StepOutcome.PASSED : StepOutcome.FAILED, sentLine,
                    Optional.of(response.status()), Optional.of(response.latency().toMillis()), checks, requestExcerpt,
                    responseExcerpt, Optional.empty());
        }
    }

    @FunctionalInterface
    private interface Redactor {
        String apply(String text);
    }

    private record Resolved(ScenarioHttp.Outgoing outgoing, String maskedUrl, String maskedHeaders,
                            Optional<String> maskedBody) {
    }

    private static Resolved resolve(ScenarioStep step, VariableResolver resolver, @Nullable Token token) {
        RequestSpec request = step.request();
        String where = "step " + step.name();
        ResolvedText url = resolver.resolve(request.url(), VariableResolver.Target.TEXT, "the URL of " + where);
        URI uri;
        try {
            uri = new URI(url.value());
        } catch (java.net.URISyntaxException e) {
            throw QodexException.invalid("url", "The URL of " + where + " is not a valid URL (" + url.masked() + ").");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw QodexException.invalid("url", "The URL of " + where + " must be an absolute http or https URL ("
                    + url.masked() + ").");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        StringBuilder masked = new StringBuilder();
        boolean authorization = false;
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            ResolvedText value = resolver.resolve(header.getValue(), VariableResolver.Target.TEXT,
                    "the header " + header.getKey() + " of " + where);
            if (value.value().indexOf('\r') >= 0 || value.value().indexOf('\n') >= 0) {
                throw QodexException.invalid("headers", "The header " + header.getKey() + " of " + where
                        + " resolves to more than one line.");
            }
            headers.add(new AbstractMap.SimpleImmutableEntry<>(header.getKey(), value.value()));
            masked.append(header.getKey()).append(": ").append(value.masked()).append('\n');
            authorization |= header.getKey().equalsIgnoreCase("Authorization");
        }
        if (token != null && !authorization) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>("Authorization", "Bearer " + token.value().reveal()));
            masked.append("Authorization: Bearer ").append(Masks.STORED).append('\n');
        }
        Optional<String> body = Optional.empty();
        Optional<String> maskedBody = Optional.empty();
        if (request.body().isPresent()) {
            boolean json = request.jsonBody();
            ResolvedText resolved = resolver.resolve(request.body().get(),
                    json ? VariableResolver.Target.JSON : VariableResolver.Target.TEXT, "the body of " + where);
            body = Optional.of(resolved.value());
            maskedBody = Optional.of(resolved.masked());
            if (json && request.contentType().isEmpty()) {
                headers.add(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "application/json"));
                masked.append("Content-Type: application/json\n");
            }
        }
        return new Resolved(new ScenarioHttp.Outgoing(request.method(), uri, headers, body, REQUEST_TIMEOUT),
                url.masked(), masked.toString(), maskedBody);
    }

    private List<Check> checks(ScenarioStep step, ScenarioHttp.Answer.Response response, Map<String, String> captures,
                               Redactor redact) {
        Expectations expect = step.expect();
        List<Check> checks = new ArrayList<>();
        expect.status().ifPresent(status -> checks.add(new Check("status", Integer.toString(status),
                Integer.toString(response.status()), status == response.status())));
        boolean needsJson = !expect.jsonPath().isEmpty() || !expect.jsonPathExists().isEmpty()
                || !step.capture().isEmpty();
        Optional<JsonPaths.Document> document = needsJson ? paths.parse(response.body()) : Optional.empty();
        String notJson = response.truncated() ? "(body too large to read)" : "(the body is not JSON)";
        for (Map.Entry<String, @Nullable Object> entry : expect.jsonPath().entrySet()) {
            String expected = JsonValues.write(entry.getValue());
            if (document.isEmpty()) {
                checks.add(new Check(entry.getKey(), expected, notJson, false));
                continue;
            }
            Optional<JsonPaths.Found> found = document.get().read(entry.getKey());
            checks.add(new Check(entry.getKey(), expected,
                    found.map(f -> clip(redact.apply(JsonValues.write(f.value())))).orElse("(missing)"),
                    found.isPresent() && JsonValues.same(entry.getValue(), found.get().value())));
        }
        for (String path : expect.jsonPathExists()) {
            boolean exists = document.flatMap(d -> d.read(path)).isPresent();
            checks.add(new Check(path, "exists", document.isEmpty() ? notJson : exists ? "exists" : "(missing)", exists));
        }
        for (Map.Entry<String, String> header : expect.headers().entrySet()) {
            Optional<String> actual = response.header(header.getKey());
            checks.add(new Check("header " + header.getKey(), header.getValue(),
                    actual.map(v -> clip(redact.apply(v))).orElse("(missing)"),
                    actual.isPresent() && actual.get().equals(header.getValue())));
        }
        expect.maxLatencyMs().ifPresent(max -> checks.add(new Check("latency", "≤ " + max + " ms",
                response.latency().toMillis() + " ms", response.latency().toMillis() <= max)));
        for (Map.Entry<String, String> capture : step.capture().entrySet()) {
            Optional<JsonPaths.Found> found = document.flatMap(d -> d.read(capture.getValue()));
            if (found.isPresent()) {
                captures.put(capture.getKey(), JsonValues.captured(found.get().value()));
            }
            checks.add(new Check("capture " + capture.getKey() + " = " + capture.getValue(), "a value",
                    found.isPresent() ? "captured" : document.isEmpty() ? notJson : "(missing)", found.isPresent()));
        }
        return checks;
    }

    private static RunStatus status(List<StepResult> results, boolean cancelled) {
        if (cancelled && results.stream().anyMatch(r -> r.outcome() == StepOutcome.SKIPPED)) {
            return RunStatus.CANCELLED;
        }
        if (results.stream().anyMatch(r -> r.outcome() == StepOutcome.FAILED || r.outcome() == StepOutcome.REFUSED)) {
            return RunStatus.FAILED;
        }
        if (results.stream().anyMatch(r -> r.outcome() == StepOutcome.ERROR)) {
            return RunStatus.ERROR;
        }
        return RunStatus.PASSED;
    }

    private static String line(ScenarioStep step) {
        return step.request().method() + " " + step.request().url();
    }

    static String excerpt(String text) {
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "…";
    }

    /** The start of a body, with room for a secret that straddles the excerpt's end to be found and masked. */
    private static String head(String body) {
        return body.length() <= 4 * EXCERPT ? body : body.substring(0, 4 * EXCERPT);
    }

    private static String clip(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
