package io.qodex.domain.scenario;

import io.qodex.domain.llm.CancelSignal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one step's request (port; the adapter uses java.net.http). It never throws for what the server or the network
 * did: that is a {@link Answer.Failure} with a sentence. Bodies are read up to a limit.
 */
public interface ScenarioHttp {

    /** A resolved request. Headers and body may hold secrets: {@link #toString()} shows neither. */
    record Outgoing(String method, URI url, List<Map.Entry<String, String>> headers, Optional<String> body,
                    Duration timeout) {
        public Outgoing {
            headers = List.copyOf(headers);
        }

        @Override
        public String toString() {
            return "Outgoing[" + method + " " + url.getScheme() + "://" + url.getAuthority() + url.getRawPath() + ", "
                    + headers.size() + " headers]";
        }
    }

    sealed interface Answer {
        /** {@code truncated} when the body went beyond the limit. */
        record Response(int status, Map<String, List<String>> headers, String body, boolean truncated,
                        Duration latency) implements Answer {
            public Response {
                headers = java.util.Collections.unmodifiableMap(headers);
            }

            /** A header's values joined by ", ", its name matched without case. */
            public Optional<String> header(String name) {
                for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                    if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                        return Optional.of(String.join(", ", header.getValue()));
                    }
                }
                return Optional.empty();
            }
        }

        record Failure(String message) implements Answer {
        }
    }

    Answer send(Outgoing request, CancelSignal cancel);
}
