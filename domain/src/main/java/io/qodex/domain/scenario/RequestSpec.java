package io.qodex.domain.scenario;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request of a step, as templates: {@code ${…}} in the URL, header values and body are resolved against the
 * environment (and earlier captures) when the step runs. Header order is kept.
 */
public record RequestSpec(String method, String url, Map<String, String> headers, Optional<String> body) {

    /** What a step may send. */
    public static final Set<String> METHODS = Set.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE");

    /** What a read-only environment lets leave the machine. */
    public static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    public RequestSpec {
        method = method.strip().toUpperCase(Locale.ROOT);
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Headers some servers read as the real method, so a GET can act as a DELETE. */
    public static final Set<String> METHOD_OVERRIDES = Set.of("x-http-method-override", "x-http-method",
            "x-method-override");

    public boolean safe() {
        return SAFE_METHODS.contains(method);
    }

    /** Whether a header says a body follows (a GET that announces one is a body on a safe method). */
    public boolean announcesBody() {
        return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Transfer-Encoding")
                || h.equalsIgnoreCase("Content-Length"));
    }

    /** Whether the request carries a header that asks the server to treat it as another method. */
    public boolean overridesMethod() {
        return headers.keySet().stream().anyMatch(h -> METHOD_OVERRIDES.contains(h.toLowerCase(Locale.ROOT)));
    }

    /** The Content-Type the step sets, if any (header names are matched without case). */
    public Optional<String> contentType() {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst();
    }

    /**
     * Whether the body is JSON, so substituted values are JSON-escaped: its Content-Type says json, or it has none
     * and the body starts like a JSON object or list.
     */
    public boolean jsonBody() {
        Optional<String> type = contentType();
        if (type.isPresent()) {
            return type.get().toLowerCase(Locale.ROOT).contains("json");
        }
        return body.map(String::strip).filter(b -> b.startsWith("{") || b.startsWith("[")).isPresent();
    }
}
