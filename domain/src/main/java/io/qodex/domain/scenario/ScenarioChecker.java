package io.qodex.domain.scenario;

import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.environment.TokenPathSyntax;
import io.qodex.domain.environment.VariableName;
import io.qodex.domain.environment.VariableResolver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a scenario must be before it is stored, whether it comes from the editor or a file: names, methods, templates
 * whose {@code ${…}} are well formed, JSONPaths that compile, capture names that are variable names, and limits that
 * keep one scenario small (at most {@value #MAX_STEPS} steps, {@value #MAX_STORED} characters stored).
 */
public final class ScenarioChecker {

    public static final int MAX_NAME = 200;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG = 50;
    public static final int MAX_STEPS = 100;
    public static final int MAX_HEADERS = 50;
    public static final int MAX_CHECKS = 50;
    public static final int MAX_CAPTURES = 50;
    public static final int MAX_LATENCY_MS = 600_000;
    public static final int MAX_DESCRIPTION = 20_000;
    public static final int MAX_STORED = 1_000_000;

    private static final Pattern HEADER_NAME = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$");

    private final Function<String, Optional<String>> pathProblem;

    /** @param pathProblem why the JSONPath library refuses a path, or empty (the adapter compiles it) */
    public ScenarioChecker(Function<String, Optional<String>> pathProblem) {
        this.pathProblem = pathProblem;
    }

    public List<FieldProblem> problems(ScenarioSpec scenario, String field) {
        List<FieldProblem> problems = new ArrayList<>();
        name(problems, field + ".name", scenario.name(), "scenario");
        if (scenario.description().length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem(field + ".description", "At most " + MAX_DESCRIPTION + " characters ("
                    + scenario.description().length() + " given)."));
        }
        if (scenario.tags().size() > MAX_TAGS) {
            problems.add(new FieldProblem(field + ".tags", "At most " + MAX_TAGS + " tags."));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < scenario.tags().size(); i++) {
            String tag = scenario.tags().get(i);
            String problem = tagProblem(tag);
            if (problem != null) {
                problems.add(new FieldProblem(field + ".tags[" + i + "]", problem));
            } else if (!seen.add(tag)) {
                problems.add(new FieldProblem(field + ".tags[" + i + "]", "The tag " + tag + " is given twice."));
            }
        }
        scenario.collection().ifPresent(c -> name(problems, field + ".collection", c, "collection"));
        scenario.profile().ifPresent(p -> name(problems, field + ".profile", p, "profile"));
        if (scenario.steps().isEmpty()) {
            problems.add(new FieldProblem(field + ".steps", "A scenario has at least one step."));
        }
        if (scenario.steps().size() > MAX_STEPS) {
            problems.add(new FieldProblem(field + ".steps", "At most " + MAX_STEPS + " steps ("
                    + scenario.steps().size() + " given)."));
            return problems;
        }
        for (int i = 0; i < scenario.steps().size(); i++) {
            step(problems, field + ".steps[" + i + "]", scenario.steps().get(i));
        }
        if (problems.isEmpty()) {
            int stored = JsonValues.write(ScenarioCodec.stepsToTree(scenario.steps())).length();
            if (stored > MAX_STORED) {
                problems.add(new FieldProblem(field + ".steps", "The steps take " + stored + " characters; a scenario "
                        + "holds at most " + MAX_STORED + "."));
            }
        }
        return problems;
    }

    /** The problems of one scenario, as an INVALID_INPUT exception naming the first, or nothing. */
    public void require(ScenarioSpec scenario) {
        List<FieldProblem> problems = problems(scenario, "scenario");
        if (!problems.isEmpty()) {
            FieldProblem first = problems.get(0);
            throw QodexException.invalid(first.field(), first.field() + ": " + first.message()
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
    }

    public static @org.jspecify.annotations.Nullable String tagProblem(String tag) {
        if (tag.isBlank()) {
            return "A tag cannot be empty.";
        }
        if (tag.length() > MAX_TAG) {
            return "A tag has at most " + MAX_TAG + " characters.";
        }
        if (!tag.strip().equals(tag) || tag.contains(",") || tag.chars().anyMatch(ScenarioChecker::hidden)) {
            return "A tag has no commas, control or invisible characters, or surrounding spaces.";
        }
        return null;
    }

    /** Characters a reader cannot see or that change how text around them shows. */
    private static boolean hidden(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private void step(List<FieldProblem> problems, String field, ScenarioStep step) {
        name(problems, field + ".name", step.name(), "step");
        RequestSpec request = step.request();
        if (!RequestSpec.METHODS.contains(request.method())) {
            problems.add(new FieldProblem(field + ".request.method", "The method must be one of "
                    + String.join(", ", List.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")) + "."));
        }
        if (request.url().isBlank()) {
            problems.add(new FieldProblem(field + ".request.url", "Enter the URL, e.g. ${baseUrl}/items."));
        }
        template(problems, field + ".request.url", request.url());
        int h = 0;
        Set<String> headerNames = new HashSet<>();
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            String where = field + ".request.headers[" + h++ + "]";
            if (!headerNames.add(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                problems.add(new FieldProblem(where, "The header " + header.getKey() + " is given twice (header "
                        + "names are the same in any case)."));
            }
            if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                problems.add(new FieldProblem(where, "A header name has only letters, digits and -."));
            }
            if (header.getValue().indexOf('\r') >= 0 || header.getValue().indexOf('\n') >= 0) {
                problems.add(new FieldProblem(where, "A header value is one line."));
            }
            template(problems, where, header.getValue());
        }
        request.body().ifPresent(body -> template(problems, field + ".request.body", body));
        Expectations expect = step.expect();
        int p = 0;
        for (String path : expect.jsonPath().keySet()) {
            path(problems, field + ".expect.jsonPath[" + p++ + "]", path);
        }
        for (int i = 0; i < expect.jsonPathExists().size(); i++) {
            path(problems, field + ".expect.jsonPathExists[" + i + "]", expect.jsonPathExists().get(i));
        }
        int e = 0;
        for (String header : expect.headers().keySet()) {
            if (!HEADER_NAME.matcher(header).matches()) {
                problems.add(new FieldProblem(field + ".expect.headers[" + e + "]",
                        "A header name has only letters, digits and -."));
            }
            e++;
        }
        int c = 0;
        for (Map.Entry<String, String> capture : step.capture().entrySet()) {
            String where = field + ".capture[" + c++ + "]";
            String problem = VariableName.problemWith(capture.getKey());
            if (problem != null) {
                problems.add(new FieldProblem(where, problem));
            }
            path(problems, where, capture.getValue());
        }
    }

    private void path(List<FieldProblem> problems, String field, String path) {
        String problem = path.isBlank() ? "Enter a JSONPath, e.g. $.items[0].id." : TokenPathSyntax.problemWith(path);
        if (problem == null) {
            problem = pathProblem.apply(path).orElse(null);
        }
        if (problem != null) {
            problems.add(new FieldProblem(field, problem));
        }
    }

    private static void template(List<FieldProblem> problems, String field, String template) {
        try {
            VariableResolver.references(template, field);
        } catch (QodexException e) {
            problems.add(new FieldProblem(field, e.getMessage()));
        }
    }

    private static void name(List<FieldProblem> problems, String field, String name, String what) {
        if (name.isBlank()) {
            problems.add(new FieldProblem(field, "Enter the " + what + "'s name."));
        } else if (name.length() > MAX_NAME) {
            problems.add(new FieldProblem(field, "A " + what + " name has at most " + MAX_NAME + " characters ("
                    + name.length() + " given)."));
        } else if (name.chars().anyMatch(ScenarioChecker::hidden)) {
            problems.add(new FieldProblem(field, "A " + what + " name has no control or invisible characters "
                    + "(such as zero-width spaces or right-to-left overrides)."));
        }
    }
}
