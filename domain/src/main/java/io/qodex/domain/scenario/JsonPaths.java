package io.qodex.domain.scenario;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** JSONPath over response bodies (port; the adapter uses the JSONPath library the HTTP login uses). */
public interface JsonPaths {

    /** Why the library refuses a path, or empty when it compiles. */
    Optional<String> problem(String path);

    /** The body as a JSON document, or empty when it is not JSON. */
    Optional<Document> parse(String body);

    interface Document {
        /** The value at the path as a plain tree (maps, lists, strings, numbers, booleans, null), or empty. */
        Optional<Found> read(String path);
    }

    /** A value found at a path; {@code value} may be JSON null. */
    record Found(@Nullable Object value) {
    }
}
