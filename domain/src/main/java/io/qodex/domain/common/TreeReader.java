package io.qodex.domain.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Typed, path-aware reading of a parsed JSON tree (maps, lists, strings, numbers, booleans, nulls) that collects
 * every problem instead of stopping at the first. Never echoes a value.
 */
public final class TreeReader {

    public static final int MAX_STRING = 20_000;
    public static final int MAX_PROBLEMS = 100;

    private final List<FieldProblem> problems = new ArrayList<>();
    private int dropped;

    public List<FieldProblem> problems() {
        List<FieldProblem> all = new ArrayList<>(problems);
        if (dropped > 0) {
            all.add(new FieldProblem("(file)", "…and " + dropped + " more problems."));
        }
        return all;
    }

    public void report(String field, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new FieldProblem(field, message));
        } else {
            dropped++;
        }
    }

    /** The object at a path, reporting it and any unknown fields. */
    public Optional<Map<?, ?>> object(String field, @Nullable Object node, Set<String> known) {
        if (!(node instanceof Map<?, ?> map)) {
            report(field.isEmpty() ? "(file)" : field, "Expected an object, found " + kind(node) + ".");
            return Optional.empty();
        }
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                report(join(field, shown(String.valueOf(key))), "Unknown field.");
            }
        }
        return Optional.of(map);
    }

    public Optional<String> string(Map<?, ?> map, String parent, String key, boolean required) {
        String field = join(parent, key);
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                report(field, map.containsKey(key) ? "Expected text, found null." : "Missing.");
            }
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            report(field, "Expected text, found " + kind(value) + ".");
            return Optional.empty();
        }
        if (text.length() > MAX_STRING) {
            report(field, "Too long: " + text.length() + " characters (at most " + MAX_STRING + ").");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    public Optional<Boolean> bool(Map<?, ?> map, String parent, String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Boolean flag)) {
            report(join(parent, key), "Expected true or false, found " + kind(value) + ".");
            return Optional.empty();
        }
        return Optional.of(flag);
    }

    public Optional<Integer> integer(Map<?, ?> map, String parent, String key, int min, int max) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        String field = join(parent, key);
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Short || value instanceof Byte)) {
            report(field, "Expected a whole number, found " + kind(value) + ".");
            return Optional.empty();
        }
        BigInteger number = value instanceof BigInteger big ? big : BigInteger.valueOf(((Number) value).longValue());
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            report(field, "Must be between " + min + " and " + max + ".");
            return Optional.empty();
        }
        return Optional.of(number.intValue());
    }

    /** A list at a path with at most {@code max} entries (more is one problem, and the entries are not read). */
    public Optional<List<?>> list(Map<?, ?> map, String parent, String key, int max) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        String field = join(parent, key);
        if (!(value instanceof List<?> list)) {
            report(field, "Expected a list, found " + kind(value) + ".");
            return Optional.empty();
        }
        if (list.size() > max) {
            report(field, "At most " + max + " entries (" + list.size() + " given).");
            return Optional.empty();
        }
        return Optional.of(list);
    }

    public static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String kind(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "text";
        }
        if (value instanceof Boolean) {
            return "true/false";
        }
        if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
            return "a decimal number";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return "an unsupported value";
    }

    private static String shown(String key) {
        String printable = key.codePoints().limit(40).collect(StringBuilder::new,
                (b, cp) -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp), StringBuilder::append).toString();
        return key.length() > 40 ? printable + "…" : printable;
    }
}
