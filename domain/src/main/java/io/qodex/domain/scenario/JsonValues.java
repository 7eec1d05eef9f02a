package io.qodex.domain.scenario;

import io.qodex.domain.environment.JsonEscape;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Plain JSON trees (maps, lists, strings, numbers, booleans, nulls) as text, and their comparison: numbers are equal
 * by value ({@code 1} equals {@code 1.0}), objects regardless of key order.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** Compact JSON text of a tree. */
    public static String write(@Nullable Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** The text a capture stores: a string as it is, anything else as JSON. */
    public static String captured(@Nullable Object value) {
        return value instanceof String text ? text : write(value);
    }

    public static boolean same(@Nullable Object expected, @Nullable Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Number a && actual instanceof Number b) {
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        if (expected instanceof Map<?, ?> a && actual instanceof Map<?, ?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : a.entrySet()) {
                if (!b.containsKey(entry.getKey()) || !same(entry.getValue(), b.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof List<?> a && actual instanceof List<?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<?> other = b.iterator();
            for (Object item : a) {
                if (!same(item, other.next())) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }

    private static BigDecimal decimal(Number number) {
        if (number instanceof BigDecimal big) {
            return big;
        }
        if (number instanceof Double || number instanceof Float) {
            return BigDecimal.valueOf(number.doubleValue());
        }
        return new BigDecimal(number.toString());
    }

    private static void write(@Nullable Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            out.append('"').append(JsonEscape.escape(text)).append('"');
        } else if (value instanceof BigDecimal big) {
            out.append(big.toPlainString());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(separator).append('"').append(JsonEscape.escape(String.valueOf(entry.getKey()))).append("\":");
                write(entry.getValue(), out);
                separator = ",";
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            String separator = "";
            for (Object item : list) {
                out.append(separator);
                write(item, out);
                separator = ",";
            }
            out.append(']');
        } else {
            out.append('"').append(JsonEscape.escape(value.toString())).append('"');
        }
    }
}
