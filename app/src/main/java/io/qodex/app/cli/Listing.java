package io.qodex.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The rows of a {@code list} command, printed as a table for people or, with {@code --json}, as one JSON array of
 * objects for scripts. Each column has a header (table) and a stable field name (JSON); a cell may show one text in
 * the table and hold a typed value in JSON ({@link #cell}): numbers stay numbers, times are ISO-8601 in UTC, absent
 * values are {@code null} (and "-" in the table).
 */
final class Listing {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What a cell shows in the table, and what it holds in JSON. */
    record Cell(String shown, @Nullable Object value) {
    }

    private final List<String> headers = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();
    private final List<Object[]> rows = new ArrayList<>();

    /**
     * Columns as pairs: header, field name ({@code "SLUG", "slug", "NAME", "name"}); an empty header makes a field
     * only JSON has (the table shows it in another column's words, e.g. "(archived)" after the name).
     */
    static Listing of(String... headerAndField) {
        if (headerAndField.length % 2 != 0) {
            throw new IllegalArgumentException("headers and field names come in pairs");
        }
        Listing listing = new Listing();
        for (int i = 0; i < headerAndField.length; i += 2) {
            listing.headers.add(headerAndField[i]);
            listing.fields.add(headerAndField[i + 1]);
        }
        return listing;
    }

    static Cell cell(String shown, @Nullable Object value) {
        return new Cell(shown, value);
    }

    Listing row(@Nullable Object... values) {
        if (values.length != fields.size()) {
            throw new IllegalArgumentException("a row has " + fields.size() + " cells, not " + values.length);
        }
        rows.add(values.clone());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The rows as JSON objects (to nest in a larger document). */
    List<Map<String, @Nullable Object>> objects() {
        List<Map<String, @Nullable Object>> objects = new ArrayList<>();
        for (Object[] row : rows) {
            Map<String, @Nullable Object> object = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                object.put(fields.get(i), value(row[i]));
            }
            objects.add(object);
        }
        return objects;
    }

    /** The table (or {@code whenEmpty} on standard output when there is no row), or the JSON array. */
    void print(CliContext context, boolean json, String whenEmpty) {
        if (json) {
            printJson(context, objects());
            return;
        }
        if (rows.isEmpty() && !whenEmpty.isEmpty()) {
            context.out().println(whenEmpty);
            return;
        }
        List<Integer> shownColumns = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.get(i).isEmpty()) {
                shownColumns.add(i);
            }
        }
        List<String[]> table = new ArrayList<>();
        table.add(shownColumns.stream().map(headers::get).toArray(String[]::new));
        for (Object[] row : rows) {
            table.add(shownColumns.stream().map(i -> shown(row[i])).toArray(String[]::new));
        }
        Table.print(context.out(), table);
    }

    /** One JSON document (an object or an array) on standard output. */
    static void printJson(CliContext context, Object document) {
        try {
            context.out().println(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON object from pairs of field name and value, in that order. */
    static Map<String, @Nullable Object> object(@Nullable Object... fieldAndValue) {
        Map<String, @Nullable Object> object = new LinkedHashMap<>();
        for (int i = 0; i < fieldAndValue.length; i += 2) {
            object.put(String.valueOf(fieldAndValue[i]), value(fieldAndValue[i + 1]));
        }
        return object;
    }

    private static String shown(@Nullable Object cell) {
        Object unwrapped = unwrap(cell);
        if (unwrapped instanceof Cell c) {
            return c.shown();
        }
        return unwrapped == null ? "-" : unwrapped.toString();
    }

    static @Nullable Object value(@Nullable Object cell) {
        Object unwrapped = unwrap(cell);
        if (unwrapped instanceof Cell c) {
            return value(c.value());
        }
        if (unwrapped instanceof Instant || unwrapped instanceof OffsetDateTime || unwrapped instanceof LocalDate) {
            return unwrapped.toString();
        }
        if (unwrapped instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        if (unwrapped == null || unwrapped instanceof String || unwrapped instanceof Number
                || unwrapped instanceof Boolean || unwrapped instanceof Map || unwrapped instanceof List) {
            return unwrapped;
        }
        return unwrapped.toString();
    }

    private static @Nullable Object unwrap(@Nullable Object cell) {
        if (cell instanceof Optional<?> optional) {
            return optional.orElse(null);
        }
        if (cell instanceof java.util.OptionalLong optional) {
            return optional.isPresent() ? optional.getAsLong() : null;
        }
        return cell;
    }
}
