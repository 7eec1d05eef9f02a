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
 * included, waits for the environment's {@link Pacer}. Secrets the steps use are masked in every excerpt.
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
        try (RunSecrets secrets = new RunSecrets()) {
            for (int i = 0; i < scenario.steps().size(); i++) {
                ScenarioStep step = scenario.steps().get(i);
                StepResult result;
                if (cancel.cancelled()) {
                    result = StepResult.notSent(i, step, StepOutcome.SKIPPED, line(step), "Stopped before this step.");
                } else {
                    listener.stepStarted(scenario, i, step);
                    result = secrets.masked(step(scenario, i, step, target, captures, secrets, cancel));
                }
                results.add(result);
                listener.stepFinished(scenario, result);
            }
        }
        ScenarioResult result = new ScenarioResult(scenario.name(), scenarioId, environment,
                status(results, cancel.cancelled()), results, Optional.empty(), started, clock.instant());
        listener.scenarioFinished(result);
        return result;
    }

    /** Why the environment does not allow the scenario at all, or empty. */
    public static Optional<String> refusal(ScenarioSpec scenario, Constraints constraints, String environment) {
        if (scenario.destroys() && !constraints.allowDestructiveTests()) {
            return Optional.of("Refused: " + scenario.name() + (scenario.destructive() ? " is marked destructive"
                    : " has a DELETE step") + " and " + environment + " does not allow destructive tests.");
        }
        if (scenario.security() && !constraints.allowSecurityTesting()) {
            return Optional.of("Refused: " + scenario.name() + " is marked as a security test and " + environment
                    + " does not allow security testing.");
        }
        return Optional.empty();
    }

    /**
     * Everything secret a scenario's steps used so far (the resolvers that opened secrets, the profile's token), kept
     * until the scenario ends so that every text shown or stored is masked with all of them: a secret sent in one
     * step and echoed, or captured and sent, in a later one is masked too.
     */
    private static final class RunSecrets implements AutoCloseable {
        private final SecretMask secrets = new SecretMask();
        private @Nullable Token token;
        private @Nullable String tokenProblem;
        private boolean tokenTried;

        void add(VariableResolver resolver) {
            resolver.redactions().forEach(secrets::add);
        }

        void add(Token held) {
            token = held;
            secrets.add(held.value().reveal());
        }

        String mask(String text) {
            return secrets.mask(text);
        }

        /** Every text masked whole, and only then cut (a secret across a cut would leave its start behind). */
        StepResult masked(StepResult step) {
            List<Check> checks = step.checks().stream().map(c -> new Check(clip(mask(c.what())),
                    clip(mask(c.expected())), clip(mask(c.actual())), c.held())).toList();
            return new StepResult(step.index(), step.name(), step.outcome(), mask(step.request()), step.status(),
                    step.latencyMs(), checks, excerpt(mask(step.requestExcerpt())),
                    excerpt(mask(step.responseExcerpt())), step.message().map(this::mask));
        }

        @Override
        public void close() {
            if (token != null) {
                token.close();
            }
        }
    }

    private StepResult step(ScenarioSpec scenario, int index, ScenarioStep step, RunTarget target,
                            Map<String, String> captures, RunSecrets secrets, CancelSignal cancel) {
        RequestSpec request = step.request();
        String environment = target.environment().name().value();
        boolean readOnly = target.environment().constraints().readOnly();
        if (readOnly && !request.safe()) {
            return StepResult.notSent(index, step, StepOutcome.REFUSED, line(step), "Not sent: " + environment
                    + " is read-only, so only GET, HEAD and OPTIONS requests leave this machine.");
        }
        if (readOnly && request.overridesMethod()) {
            return StepResult.notSent(index, step, StepOutcome.REFUSED, line(step), "Not sent: " + environment
                    + " is read-only, and a method-override header (X-HTTP-Method-Override and the like) could make a "
                    + "server treat this " + request.method() + " as a write.");
        }
        if (readOnly && (request.body().isPresent() || request.announcesBody())) {
            return StepResult.notSent(index, step, StepOutcome.REFUSED, line(step), "Not sent: " + environment
                    + " is read-only, and this " + request.method() + " has or announces a body, which some servers "
                    + "act on.");
        }
        VariableResolver resolver;
        try {
            resolver = target.resolvers().open(scenario.profile(), Map.copyOf(captures));
        } catch (QodexException e) { // the profile is gone, the stored environment does not check
            return StepResult.notSent(index, step, StepOutcome.ERROR, line(step), e.getMessage());
        }
        try (resolver) {
            return send(scenario, index, step, target, captures, secrets, cancel, resolver);
        }
    }

    private StepResult send(ScenarioSpec scenario, int index, ScenarioStep step, RunTarget target,
                            Map<String, String> captures, RunSecrets secrets, CancelSignal cancel,
                            VariableResolver resolver) {
        RequestSpec request = step.request();
        String environment = target.environment().name().value();
        boolean readOnly = target.environment().constraints().readOnly();
        Resolved resolved;
        try {
            resolved = resolve(step, resolver);
        } catch (QodexException e) {
            return StepResult.notSent(index, step, StepOutcome.ERROR, line(step), e.getMessage());
        } finally {
            secrets.add(resolver); // what it opened masks this step's texts and every later step's
        }
        String sentLine = request.method() + " " + resolved.maskedUrl();
        Optional<String> elsewhere = foreignOrigin(resolved.outgoing().url(), target.environment());
        if (elsewhere.isPresent()) {
            return StepResult.notSent(index, step, StepOutcome.REFUSED, sentLine, "Not sent: " + elsewhere.get()
                    + " is not " + environment + "'s base URL or API base URL; a scenario only talks to the "
                    + "environment it runs against (write ${baseUrl} or ${apiBaseUrl}).");
        }
        if (readOnly && overridesMethodInUrl(resolved.outgoing().url())) {
            return StepResult.notSent(index, step, StepOutcome.REFUSED, sentLine, "Not sent: " + environment
                    + " is read-only, and a _method parameter in the URL could make a server treat this as a write.");
        }
        // the profile's login only now, when this step is about to leave the machine
        if (scenario.profile().isPresent() && !secrets.tokenTried) {
            secrets.tokenTried = true;
            Optional<Pacer.Permit> login = target.pacer().acquire(cancel);
            if (login.isEmpty()) {
                return StepResult.notSent(index, step, StepOutcome.SKIPPED, sentLine, "Stopped before this step.");
            }
            try {
                secrets.add(target.tokens().token(scenario.profile().get()));
            } catch (QodexException e) {
                secrets.tokenProblem = "No token for profile " + scenario.profile().get() + ": " + e.getMessage();
            } finally {
                login.get().close();
            }
        }
        if (secrets.tokenProblem != null) {
            return StepResult.notSent(index, step, StepOutcome.ERROR, sentLine, secrets.tokenProblem);
        }
        if (secrets.token != null) {
            resolved = resolved.withBearer(secrets.token);
        }
        Optional<Pacer.Permit> permit = target.pacer().acquire(cancel);
        if (permit.isEmpty()) {
            return StepResult.notSent(index, step, StepOutcome.SKIPPED, sentLine, "Stopped before this step.");
        }
        ScenarioHttp.Answer answer;
        try {
            answer = http.send(resolved.outgoing(), cancel);
        } finally {
            permit.get().close();
        }
        String requestExcerpt = sentLine + "\n" + resolved.maskedHeaders()
                + resolved.maskedBody().map(b -> "\n" + b).orElse("");
        if (answer instanceof ScenarioHttp.Answer.Failure && cancel.cancelled()) {
            // Stop abandoned it: not the API's doing, so no error and no finding
            return new StepResult(index, step.name(), StepOutcome.SKIPPED, sentLine, Optional.empty(),
                    Optional.empty(), List.of(), requestExcerpt, "", Optional.of("Stopped while waiting for the "
                    + "answer."));
        }
        if (answer instanceof ScenarioHttp.Answer.Failure failure) {
            return new StepResult(index, step.name(), StepOutcome.ERROR, sentLine, Optional.empty(),
                    Optional.empty(), List.of(), requestExcerpt, "", Optional.of(failure.message()));
        }
        ScenarioHttp.Answer.Response response = (ScenarioHttp.Answer.Response) answer;
        List<Check> checks = checks(step, response, captures);
        boolean held = checks.stream().allMatch(Check::held);
        String responseExcerpt = "HTTP " + response.status()
                + response.header("content-type").map(t -> "\ncontent-type: " + t).orElse("") + "\n\n"
                + response.body() + (response.truncated() ? "\n[body cut at the read limit]" : "");
        return new StepResult(index, step.name(), held ? StepOutcome.PASSED : StepOutcome.FAILED, sentLine,
                Optional.of(response.status()), Optional.of(response.latency().toMillis()), checks, requestExcerpt,
                responseExcerpt, Optional.empty());
    }

    /** The origin of a URL when it is neither the environment's base URL's nor its API base URL's. */
    static Optional<String> foreignOrigin(URI url, io.qodex.domain.environment.EnvironmentSummary environment) {
        String origin = origin(url);
        boolean base = origin.equals(origin(URI.create(environment.baseUrl().value())));
        boolean api = environment.apiBaseUrl().filter(a -> origin.equals(origin(URI.create(a.value())))).isPresent();
        return base || api ? Optional.empty() : Optional.of(origin);
    }

    private static String origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    /** A {@code _method} anywhere in the path or query, as a parameter, a matrix parameter or a bracketed name. */
    private static boolean overridesMethodInUrl(URI url) {
        String raw = (url.getRawPath() == null ? "" : url.getRawPath()) + "?" + (url.getRawQuery() == null ? ""
                : url.getRawQuery());
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = raw;
        }
        return decoded.toLowerCase(Locale.ROOT).contains("_method");
    }

    private record Resolved(ScenarioHttp.Outgoing outgoing, String maskedUrl, String maskedHeaders,
                            Optional<String> maskedBody, boolean hasAuthorization) {

        /** With {@code Authorization: Bearer} unless the step sets its own Authorization header. */
        Resolved withBearer(Token token) {
            if (hasAuthorization) {
                return this;
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>(outgoing.headers());
            headers.add(new AbstractMap.SimpleImmutableEntry<>("Authorization", "Bearer " + token.value().reveal()));
            return new Resolved(new ScenarioHttp.Outgoing(outgoing.method(), outgoing.url(), headers, outgoing.body(),
                    outgoing.timeout()), maskedUrl, maskedHeaders + "Authorization: Bearer " + Masks.STORED + "\n",
                    maskedBody, true);
        }
    }

    private static Resolved resolve(ScenarioStep step, VariableResolver resolver) {
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
                url.masked(), masked.toString(), maskedBody, authorization);
    }

    private List<Check> checks(ScenarioStep step, ScenarioHttp.Answer.Response response,
                               Map<String, String> captures) {
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
                    found.map(f -> JsonValues.write(f.value())).orElse("(missing)"),
                    found.isPresent() && JsonValues.same(entry.getValue(), found.get().value())));
        }
        for (String path : expect.jsonPathExists()) {
            boolean exists = document.flatMap(d -> d.read(path)).isPresent();
            checks.add(new Check(path, "exists", document.isEmpty() ? notJson : exists ? "exists" : "(missing)", exists));
        }
        for (Map.Entry<String, String> header : expect.headers().entrySet()) {
            Optional<String> actual = response.header(header.getKey());
            checks.add(new Check("header " + header.getKey(), header.getValue(),
                    actual.orElse("(missing)"),
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

    private static String clip(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
