package io.qodex.app.scenarios;

import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.scenario.Expectations;
import io.qodex.domain.scenario.JsonValues;
import io.qodex.domain.scenario.RequestSpec;
import io.qodex.domain.scenario.ScenarioChecker;
import io.qodex.domain.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One step as the editor shows it: every part as text. {@link #of} writes a stored step as lines; {@link #toStep}
 * reads them back, each problem under the editor's own field name ({@code steps[0].headers}…, see {@link Fields}).
 */
record StepFields(String name, String method, String url, String headers, String body, String status,
                  String jsonPath, String jsonPathExists, String expectHeaders, String maxLatencyMs, String capture) {

    static final List<String> METHODS = List.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE");

    static StepFields blank(int number) {
        return new StepFields("Step " + number, "GET", "${baseUrl}/", "", "", "200", "", "", "", "", "");
    }

    static StepFields of(ScenarioStep step) {
        RequestSpec request = step.request();
        Expectations expect = step.expect();
        return new StepFields(step.name(), request.method(), request.url(), Lines.headerLines(request.headers()),
                request.body().orElse(""), expect.status().map(String::valueOf).orElse(""),
                expect.jsonPath().entrySet().stream().map(e -> e.getKey() + " = " + JsonValues.write(e.getValue()))
                        .collect(Collectors.joining("\n")),
                String.join("\n", expect.jsonPathExists()), Lines.headerLines(expect.headers()),
                expect.maxLatencyMs().map(String::valueOf).orElse(""),
                step.capture().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                        .collect(Collectors.joining("\n")));
    }

    /**
     * The step these fields describe; problems of the lines (not of what they say: the domain's checker judges that)
     * go to {@code problems}, and the line of each entry kept to {@code lines} under its field.
     */
    ScenarioStep toStep(int index, List<FieldProblem> problems, Map<String, List<Integer>> lines) {
        String prefix = Fields.step(index);
        Map<String, String> requestHeaders = Lines.headers(headers, prefix + Fields.HEADERS, problems,
                lines(lines, prefix + Fields.HEADERS));
        Map<String, @Nullable Object> values = Lines.jsonValues(jsonPath, prefix + Fields.JSON_PATH, problems,
                lines(lines, prefix + Fields.JSON_PATH));
        List<String> exists = Lines.paths(jsonPathExists, prefix + Fields.JSON_PATH_EXISTS, problems,
                lines(lines, prefix + Fields.JSON_PATH_EXISTS));
        Map<String, String> expectedHeaders = Lines.headers(expectHeaders, prefix + Fields.EXPECT_HEADERS, problems,
                lines(lines, prefix + Fields.EXPECT_HEADERS));
        Map<String, String> captures = Lines.captures(capture, prefix + Fields.CAPTURE, problems,
                lines(lines, prefix + Fields.CAPTURE));
        Optional<Integer> expectedStatus = Lines.number(status, prefix + Fields.STATUS, 100, 599, "The status",
                problems);
        Optional<Long> latency = Lines.number(maxLatencyMs, prefix + Fields.MAX_LATENCY, 1,
                ScenarioChecker.MAX_LATENCY_MS, "The maximum latency (ms)", problems).map(Integer::longValue);
        Optional<String> requestBody = body.isBlank() ? Optional.empty() : Optional.of(body);
        return new ScenarioStep(name.strip(), new RequestSpec(method, url.strip(), requestHeaders, requestBody),
                new Expectations(expectedStatus, values, exists, expectedHeaders, latency), captures);
    }

    private static List<Integer> lines(Map<String, List<Integer>> lines, String field) {
        return lines.computeIfAbsent(field, f -> new ArrayList<>());
    }
}
