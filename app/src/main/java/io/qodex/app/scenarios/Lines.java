package io.qodex.app.scenarios;

import io.qodex.app.adapters.files.ScenarioJson;
import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.common.QodexException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The editor's multi-line fields to maps and back: {@code Name: value} headers, {@code path = json} expected values,
 * {@code VAR = $.path} captures, one path per line. Blank lines are ignored. Each problem names its field and line;
 * {@code lines} receives the line number of every entry kept, in order, so that a problem the domain reports for
 * "entry 2" can name its line.
 */
final class Lines {

    private Lines() {
    }

    /** A non-blank line and its number (from 1). */
    record Line(int number, String text) {
    }

    static List<Line> of(String text) {
        List<Line> lines = new ArrayList<>();
        String[] split = text.split("\\R", -1);
        for (int i = 0; i < split.length; i++) {
            if (!split[i].isBlank()) {
                lines.add(new Line(i + 1, split[i].strip()));
            }
        }
        return lines;
    }

    /** {@code Name: value} lines (header names are unique without case). */
    static Map<String, String> headers(String text, String field, List<FieldProblem> problems, List<Integer> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        for (Line line : of(text)) {
            int colon = line.text().indexOf(':');
            if (colon <= 0) {
                problems.add(new FieldProblem(field, "Line " + line.number() + ": write a header as Name: value."));
                continue;
            }
            String name = line.text().substring(0, colon).strip();
            String value = line.text().substring(colon + 1).strip();
            String key = name.toLowerCase(Locale.ROOT);
            if (seen.contains(key)) {
                problems.add(new FieldProblem(field, "Line " + line.number() + ": " + name + " is given twice."));
                continue;
            }
            seen.add(key);
            out.put(name, value);
            lines.add(line.number());
        }
        return out;
    }

    /** {@code path = json-value} lines; the value is JSON: text in quotes, a number, true, false, null, {…} or […]. */
    static Map<String, @Nullable Object> jsonValues(String text, String field, List<FieldProblem> problems,
                                                   List<Integer> lines) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        for (Line line : of(text)) {
            Optional<String[]> pair = split(line.text(), true);
            if (pair.isEmpty()) {
                problems.add(new FieldProblem(field, "Line " + line.number() + ": write path = value, e.g. "
                        + "$.items[0].name = \"a\"."));
                continue;
            }
            String path = pair.get()[0];
            if (out.containsKey(path)) {
                problems.add(new FieldProblem(field, "Line " + line.number() + ": " + path + " is given twice."));
                continue;
            }
            Object value;
            try {
                value = ScenarioJson.value(pair.get()[1]);
            } catch (QodexException e) {
                problems.add(new FieldProblem(field, "Line " + line.number() + ": the value must be JSON: text in "
                        + "quotes (\"a\"), a number, true, false, null, {…} or […]."));
                continue;
            }
            out.put(path, value);
            lines.add(line.number());
        }
        return out;
    }

    /** {@code VAR = $.path} lines. */
    static Map<String, String> captures(String text, String field, List<FieldProblem> problems, List<Integer> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Line line : of(text)) {
            Optional<String[]> pair = split(line.text(), false);
            if (pair.isEmpty()) {
                problems.add(new FieldProblem(field, "Line " + line.number() + ": write VARIABLE = $.path, e.g. "
                        + "itemId = $.items[0].id."));
                continue;
            }
            if (out.containsKey(pair.get()[0])) {
                problems.add(new FieldProblem(field, "Line " + line.number() + ": " + pair.get()[0]
                        + " is captured twice."));
                continue;
            }
            out.put(pair.get()[0], pair.get()[1]);
            lines.add(line.number());
        }
        return out;
    }

    /** One path per line, each once. */
    static List<String> paths(String text, String field, List<FieldProblem> problems, List<Integer> lines) {
        List<String> out = new ArrayList<>();
        for (Line line : of(text)) {
            if (out.contains(line.text())) {
                problems.add(new FieldProblem(field, "Line " + line.number() + ": " + line.text() + " is given twice."));
                continue;
            }
            out.add(line.text());
            lines.add(line.number());
        }
        return out;
    }

    /** A whole number from {@code min} to {@code max}, or empty when the field is blank. */
    static Optional<Integer> number(String text, String field, int min, int max, String what,
                                    List<FieldProblem> problems) {
        String value = text.strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return Optional.of(number);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new FieldProblem(field, what + " is a whole number from " + min + " to " + max
                + " (or empty)."));
        return Optional.empty();
    }

    /**
     * Splits {@code key = value} at the first " = " (else the first "="): JSONPath filters write "==", which has no
     * spaces around a single "=". Both sides are stripped; empty when either is empty or there is no "=".
     */
    static Optional<String[]> split(String line, boolean preferSpaced) {
        int at = preferSpaced ? line.indexOf(" = ") : -1;
        int width = 3;
        if (at < 0) {
            at = line.indexOf('=');
            width = 1;
        }
        if (at <= 0) {
            return Optional.empty();
        }
        String key = line.substring(0, at).strip();
        String value = line.substring(at + width).strip();
        if (key.isEmpty() || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {key, value});
    }

    static String headerLines(Map<String, String> headers) {
        StringBuilder out = new StringBuilder();
        headers.forEach((name, value) -> out.append(out.isEmpty() ? "" : "\n").append(name).append(": ").append(value));
        return out.toString();
    }
}
