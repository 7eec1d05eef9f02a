package io.qodex.app.adapters.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * What the recorder script in the page reports (as JSON, through the exposed binding): {@code fill}, {@code click},
 * {@code press}, {@code check}, {@code select} with the element's selector, or {@code navigation} with the URL and
 * the document's referrer. For a password field, {@code secret} is true and the value is never sent.
 */
record RecorderEvent(String type, String selector, String value, boolean secret, boolean checked, String url,
                     String referrer) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Optional<RecorderEvent> parse(Object payload) {
        if (!(payload instanceof String json)) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new RecorderEvent(text(node, "type"), text(node, "selector"), text(node, "value"),
                    node.path("secret").asBoolean(false), node.path("checked").asBoolean(true), text(node, "url"),
                    text(node, "referrer")));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    @Override
    public String toString() {
        return "RecorderEvent[" + type + " " + selector + (secret ? " (secret)" : "") + "]";
    }
}
