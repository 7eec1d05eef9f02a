package io.qodex.domain.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One step: a request, what its response must show, and values it captures (variable → JSONPath) for later steps. */
public record ScenarioStep(String name, RequestSpec request, Expectations expect, Map<String, String> capture) {

    public ScenarioStep {
        capture = Collections.unmodifiableMap(new LinkedHashMap<>(capture));
    }
}
