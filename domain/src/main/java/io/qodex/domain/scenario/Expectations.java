package io.qodex.domain.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a step's response must show: a status; JSONPath values ({@code jsonPath}: path → the JSON value it must equal,
 * numbers compared by value); JSONPaths that must exist; headers (name → value it must equal, names without case);
 * a maximum latency. Every one that is set is checked; none set means the step passes once it gets a response.
 */
public record Expectations(Optional<Integer> status, Map<String, @Nullable Object> jsonPath, List<String> jsonPathExists,
                           Map<String, String> headers, Optional<Long> maxLatencyMs) {

    public static final Expectations NONE = new Expectations(Optional.empty(), Map.of(), List.of(), Map.of(),
            Optional.empty());

    public Expectations {
        jsonPath = Collections.unmodifiableMap(new LinkedHashMap<>(jsonPath));
        jsonPathExists = List.copyOf(jsonPathExists);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
