package io.qodex.app.scenarios;

import io.qodex.domain.common.FieldProblem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The editor's field names ({@code name}, {@code tags}, {@code steps[1].headers}…), what the domain's checker calls
 * them ({@code scenario.steps[1].request.headers[0]}), and how a person reads them ("Step 2 · Headers").
 */
final class Fields {

    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String TAGS = "tags";
    static final String COLLECTION = "collection";
    static final String PROFILE = "profile";
    static final String STEPS = "steps";

    static final String STEP_NAME = ".name";
    static final String METHOD = ".method";
    static final String URL = ".url";
    static final String HEADERS = ".headers";
    static final String BODY = ".body";
    static final String STATUS = ".status";
    static final String JSON_PATH = ".jsonPath";
    static final String JSON_PATH_EXISTS = ".jsonPathExists";
    static final String EXPECT_HEADERS = ".expectHeaders";
    static final String MAX_LATENCY = ".maxLatencyMs";
    static final String CAPTURE = ".capture";

    private static final Pattern STEP = Pattern.compile("^steps\\[(\\d+)](\\..+)$");
    private static final Pattern DOMAIN = Pattern.compile(
            "^scenario\\.(?:(name|description|tags|collection|profile|steps)(?:\\[(\\d+)])?"
            + "|steps\\[(\\d+)]\\.(name|request\\.method|request\\.url|request\\.headers|request\\.body|status"
            + "|expect\\.jsonPath|expect\\.jsonPathExists|expect\\.headers|expect\\.status|expect\\.maxLatencyMs"
            + "|capture)(?:\\[(\\d+)])?)$");
    private static final Map<String, String> STEP_PARTS = Map.ofEntries(
            Map.entry("name", STEP_NAME), Map.entry("request.method", METHOD), Map.entry("request.url", URL),
            Map.entry("request.headers", HEADERS), Map.entry("request.body", BODY), Map.entry("status", STATUS),
            Map.entry("expect.status", STATUS), Map.entry("expect.jsonPath", JSON_PATH),
            Map.entry("expect.jsonPathExists", JSON_PATH_EXISTS), Map.entry("expect.headers", EXPECT_HEADERS),
            Map.entry("expect.maxLatencyMs", MAX_LATENCY), Map.entry("capture", CAPTURE));
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry(NAME, "Name"), Map.entry(DESCRIPTION, "Description"), Map.entry(TAGS, "Tags"),
            Map.entry(COLLECTION, "Collection"), Map.entry(PROFILE, "Auth profile"), Map.entry(STEPS, "Steps"),
            Map.entry(STEP_NAME, "Name"), Map.entry(METHOD, "Method"), Map.entry(URL, "URL"),
            Map.entry(HEADERS, "Headers"), Map.entry(BODY, "Body"), Map.entry(STATUS, "Expected status"),
            Map.entry(JSON_PATH, "JSONPath equals"), Map.entry(JSON_PATH_EXISTS, "JSONPath exists"),
            Map.entry(EXPECT_HEADERS, "Expected headers"), Map.entry(MAX_LATENCY, "Max latency"),
            Map.entry(CAPTURE, "Captures"));

    private Fields() {
    }

    /** {@code steps[index]}: the prefix of a step's fields. */
    static String step(int index) {
        return "steps[" + index + "]";
    }

    /** The step a field belongs to, if any. */
    static Optional<Integer> stepOf(String field) {
        Matcher matcher = STEP.matcher(field);
        return matcher.matches() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    /** The part of a step's field after its prefix ({@code .headers}), or the field itself. */
    static String partOf(String field) {
        Matcher matcher = STEP.matcher(field);
        return matcher.matches() ? matcher.group(2) : field;
    }

    /**
     * A problem of the domain's checker (fields under {@code scenario.}) as the editor's: its field, and the line of the
     * entry it names when {@code lines} knows it. Fields the editor does not have keep their name.
     */
    static FieldProblem fromDomain(FieldProblem problem, Map<String, List<Integer>> lines) {
        Matcher matcher = DOMAIN.matcher(problem.field());
        if (!matcher.matches()) {
            return new FieldProblem("", problem.field() + ": " + problem.message());
        }
        if (matcher.group(1) != null) {
            String field = matcher.group(1);
            String entry = matcher.group(2) == null ? "" : (field.equals(TAGS) ? "Tag " : "Entry ")
                    + (Integer.parseInt(matcher.group(2)) + 1) + ": ";
            return new FieldProblem(field, entry + problem.message());
        }
        String field = step(Integer.parseInt(matcher.group(3))) + STEP_PARTS.get(matcher.group(4));
        if (matcher.group(5) == null) {
            return new FieldProblem(field, problem.message());
        }
        int entry = Integer.parseInt(matcher.group(5));
        List<Integer> known = lines.getOrDefault(field, List.of());
        String where = entry < known.size() ? "Line " + known.get(entry) : "Entry " + (entry + 1);
        return new FieldProblem(field, where + ": " + problem.message());
    }

    /** "Name", or "Step 2 (Get item) · Headers" for a step's field; {@code stepNames} are the steps' names. */
    static String label(String field, List<String> stepNames) {
        Optional<Integer> step = stepOf(field);
        if (step.isEmpty()) {
            return LABELS.getOrDefault(field, field.isEmpty() ? "Scenario" : field);
        }
        int index = step.get();
        String name = index < stepNames.size() && !stepNames.get(index).isBlank() ? " (" + stepNames.get(index) + ")"
                : "";
        return "Step " + (index + 1) + name + " · " + LABELS.getOrDefault(partOf(field), partOf(field));
    }
}
