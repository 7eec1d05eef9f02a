package io.qodex.domain.scenario;

import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.common.TreeReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The scenario file format {@value #FORMAT} (docs/features.md, F14) to and from plain JSON trees: export writes it,
 * import reads it strictly (unknown fields, wrong types and anything beyond the limits are problems, each with its
 * field, and nothing of a file with a problem is used). The steps of a stored scenario use the same shape.
 */
public final class ScenarioCodec {

    public static final String FORMAT = "qodex.scenarios.v1";
    public static final int MAX_SCENARIOS = 1000;

    private static final Set<String> ROOT = Set.of("format", "scenarios");
    private static final Set<String> SCENARIO = Set.of("name", "description", "tags", "collection", "destructive",
            "security", "profile", "steps");
    private static final Set<String> STEP = Set.of("name", "request", "expect", "capture");
    private static final Set<String> REQUEST = Set.of("method", "url", "headers", "body");
    private static final Set<String> EXPECT = Set.of("status", "jsonPath", "jsonPathExists", "headers", "maxLatencyMs");

    /** What a file held: scenarios ready to check, or its problems. */
    public sealed interface Parsed {
        record Scenarios(List<ScenarioSpec> scenarios) implements Parsed {
            public Scenarios {
                scenarios = List.copyOf(scenarios);
            }
        }

        /** {@code bestEffort}: what could be read, so its other problems can be listed too (by index). */
        record Refused(List<FieldProblem> problems, List<Indexed> bestEffort) implements Parsed {
            public Refused {
                problems = List.copyOf(problems);
                bestEffort = List.copyOf(bestEffort);
            }
        }

        record Indexed(int index, ScenarioSpec scenario) {
        }
    }

    private ScenarioCodec() {
    }

    // ---------------------------------------------------------------- writing

    public static Map<String, Object> toTree(List<ScenarioSpec> scenarios) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        List<Object> list = new ArrayList<>();
        for (ScenarioSpec scenario : scenarios) {
            Map<String, @Nullable Object> node = new LinkedHashMap<>();
            node.put("name", scenario.name());
            node.put("description", scenario.description());
            node.put("tags", scenario.tags());
            node.put("collection", scenario.collection().orElse(null));
            node.put("destructive", scenario.destructive());
            node.put("security", scenario.security());
            node.put("profile", scenario.profile().orElse(null));
            node.put("steps", stepsToTree(scenario.steps()));
            list.add(node);
        }
        root.put("scenarios", list);
        return root;
    }

    public static List<Object> stepsToTree(List<ScenarioStep> steps) {
        List<Object> list = new ArrayList<>();
        for (ScenarioStep step : steps) {
            Map<String, @Nullable Object> request = new LinkedHashMap<>();
            request.put("method", step.request().method());
            request.put("url", step.request().url());
            request.put("headers", step.request().headers());
            request.put("body", step.request().body().orElse(null));
            Map<String, Object> expect = new LinkedHashMap<>();
            Expectations e = step.expect();
            e.status().ifPresent(s -> expect.put("status", s));
            if (!e.jsonPath().isEmpty()) {
                expect.put("jsonPath", e.jsonPath());
            }
            if (!e.jsonPathExists().isEmpty()) {
                expect.put("jsonPathExists", e.jsonPathExists());
            }
            if (!e.headers().isEmpty()) {
                expect.put("headers", e.headers());
            }
            e.maxLatencyMs().ifPresent(ms -> expect.put("maxLatencyMs", ms));
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", step.name());
            node.put("request", request);
            node.put("expect", expect);
            node.put("capture", step.capture());
            list.add(node);
        }
        return list;
    }

    // ---------------------------------------------------------------- reading

    /** Reads a whole file's tree; the scenarios still go through {@link ScenarioChecker} before they are stored. */
    public static Parsed parse(@Nullable Object tree) {
        TreeReader reader = new TreeReader();
        Optional<Map<?, ?>> root = reader.object("", tree, ROOT);
        List<Parsed.Indexed> scenarios = new ArrayList<>();
        if (root.isPresent()) {
            Optional<String> format = reader.string(root.get(), "", "format", true);
            if (format.isPresent() && !format.get().equals(FORMAT)) {
                reader.report("format", "This is not a Qodex scenario file (expected " + FORMAT + ").");
            }
            Optional<List<?>> list = reader.list(root.get(), "", "scenarios", MAX_SCENARIOS);
            if (list.isEmpty() && !root.get().containsKey("scenarios")) {
                reader.report("scenarios", "Missing.");
            }
            List<?> items = list.orElse(List.of());
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                scenario(reader, "scenarios[" + i + "]", items.get(i))
                        .ifPresent(s -> scenarios.add(new Parsed.Indexed(index, s)));
            }
        }
        List<FieldProblem> problems = reader.problems();
        return problems.isEmpty() ? new Parsed.Scenarios(scenarios.stream().map(Parsed.Indexed::scenario).toList())
                : new Parsed.Refused(problems, scenarios);
    }

    /** Reads stored steps (the {@code content} column); a problem there is the database's, reported as such. */
    public static List<ScenarioStep> stepsFromTree(@Nullable Object tree, String scenario) {
        TreeReader reader = new TreeReader();
        List<ScenarioStep> steps = steps(reader, "steps", tree);
        if (!reader.problems().isEmpty()) {
            throw io.qodex.domain.common.QodexException.integrity("The stored steps of " + scenario
                    + " cannot be read (" + reader.problems().get(0) + "); save the scenario again.");
        }
        return steps;
    }

    private static Optional<ScenarioSpec> scenario(TreeReader reader, String field, @Nullable Object node) {
        Optional<Map<?, ?>> object = reader.object(field, node, SCENARIO);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        Map<?, ?> map = object.get();
        String name = reader.string(map, field, "name", true).orElse("");
        String description = reader.string(map, field, "description", false).orElse("");
        List<String> tags = strings(reader, map, field, "tags", ScenarioChecker.MAX_TAGS);
        Optional<String> collection = reader.string(map, field, "collection", false);
        boolean destructive = reader.bool(map, field, "destructive").orElse(false);
        boolean security = reader.bool(map, field, "security").orElse(false);
        Optional<String> profile = reader.string(map, field, "profile", false);
        Object stepsNode = map.get("steps");
        List<ScenarioStep> steps = stepsNode == null ? List.of() : steps(reader, TreeReader.join(field, "steps"), stepsNode);
        if (!map.containsKey("steps")) {
            reader.report(TreeReader.join(field, "steps"), "Missing.");
        }
        return Optional.of(new ScenarioSpec(name, description, tags, collection, destructive, security, profile, steps));
    }

    private static List<ScenarioStep> steps(TreeReader reader, String field, @Nullable Object node) {
        if (!(node instanceof List<?> list)) {
            reader.report(field, "Expected a list, found " + TreeReader.kind(node) + ".");
            return List.of();
        }
        if (list.size() > ScenarioChecker.MAX_STEPS) {
            reader.report(field, "At most " + ScenarioChecker.MAX_STEPS + " steps (" + list.size() + " given).");
            return List.of();
        }
        List<ScenarioStep> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            step(reader, field + "[" + i + "]", list.get(i)).ifPresent(steps::add);
        }
        return steps;
    }

    private static Optional<ScenarioStep> step(TreeReader reader, String field, @Nullable Object node) {
        Optional<Map<?, ?>> object = reader.object(field, node, STEP);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        Map<?, ?> map = object.get();
        String name = reader.string(map, field, "name", true).orElse("");
        String requestField = TreeReader.join(field, "request");
        Optional<Map<?, ?>> request = reader.object(requestField, map.get("request"), REQUEST);
        RequestSpec spec = new RequestSpec("GET", "", Map.of(), Optional.empty());
        if (request.isPresent()) {
            Map<?, ?> r = request.get();
            spec = new RequestSpec(reader.string(r, requestField, "method", true).orElse("GET"),
                    reader.string(r, requestField, "url", true).orElse(""),
                    textMap(reader, r, requestField, "headers", ScenarioChecker.MAX_HEADERS),
                    body(reader, r, requestField));
        }
        Expectations expect = Expectations.NONE;
        if (map.get("expect") != null) {
            expect = expectations(reader, TreeReader.join(field, "expect"), map.get("expect"));
        }
        Map<String, String> capture = textMap(reader, map, field, "capture", ScenarioChecker.MAX_CAPTURES);
        return Optional.of(new ScenarioStep(name, spec, expect, capture));
    }

    private static Optional<String> body(TreeReader reader, Map<?, ?> request, String field) {
        Object body = request.get("body");
        if (body instanceof Map<?, ?> || body instanceof List<?>) {
            return Optional.of(JsonValues.write(body)); // a JSON body written as JSON: its template is its text
        }
        return reader.string(request, field, "body", false);
    }

    private static Expectations expectations(TreeReader reader, String field, Object node) {
        Optional<Map<?, ?>> object = reader.object(field, node, EXPECT);
        if (object.isEmpty()) {
            return Expectations.NONE;
        }
        Map<?, ?> map = object.get();
        Optional<Integer> status = reader.integer(map, field, "status", 100, 599);
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        Object paths = map.get("jsonPath");
        String pathsField = TreeReader.join(field, "jsonPath");
        if (paths instanceof Map<?, ?> pathMap) {
            if (pathMap.size() > ScenarioChecker.MAX_CHECKS) {
                reader.report(pathsField, "At most " + ScenarioChecker.MAX_CHECKS + " entries (" + pathMap.size()
                        + " given).");
            } else {
                pathMap.forEach((k, v) -> values.put(String.valueOf(k), plain(reader, pathsField, v)));
            }
        } else if (paths != null) {
            reader.report(pathsField, "Expected an object of JSONPath → value, found " + TreeReader.kind(paths) + ".");
        }
        List<String> exists = strings(reader, map, field, "jsonPathExists", ScenarioChecker.MAX_CHECKS);
        Map<String, String> headers = textMap(reader, map, field, "headers", ScenarioChecker.MAX_HEADERS);
        Optional<Long> latency = reader.integer(map, field, "maxLatencyMs", 1, ScenarioChecker.MAX_LATENCY_MS)
                .map(Integer::longValue);
        return new Expectations(status, values, exists, headers, latency);
    }

    /** An expected value as a plain tree (numbers as BigInteger/BigDecimal stay as they are). */
    private static @Nullable Object plain(TreeReader reader, String field, @Nullable Object value) {
        if (value instanceof String text && text.length() > TreeReader.MAX_STRING) {
            reader.report(field, "A value is too long (" + text.length() + " characters).");
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        return value;
    }

    private static List<String> strings(TreeReader reader, Map<?, ?> map, String parent, String key, int max) {
        String field = TreeReader.join(parent, key);
        List<?> list = reader.list(map, parent, key, max).orElse(List.of());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String text && text.length() <= TreeReader.MAX_STRING) {
                out.add(text);
            } else {
                reader.report(field + "[" + i + "]", "Expected text, found " + TreeReader.kind(list.get(i)) + ".");
            }
        }
        return out;
    }

    private static Map<String, String> textMap(TreeReader reader, Map<?, ?> map, String parent, String key, int max) {
        String field = TreeReader.join(parent, key);
        Object node = map.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof Map<?, ?> entries)) {
            reader.report(field, "Expected an object, found " + TreeReader.kind(node) + ".");
            return out;
        }
        if (entries.size() > max) {
            reader.report(field, "At most " + max + " entries (" + entries.size() + " given).");
            return out;
        }
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            if (entry.getValue() instanceof String text && text.length() <= TreeReader.MAX_STRING) {
                out.put(String.valueOf(entry.getKey()), text);
            } else {
                reader.report(field + "[" + out.size() + "]", "Expected text, found "
                        + TreeReader.kind(entry.getValue()) + ".");
            }
        }
        return out;
    }
}
