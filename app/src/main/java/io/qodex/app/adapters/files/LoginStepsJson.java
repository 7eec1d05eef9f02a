package io.qodex.app.adapters.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.LoginAction;
import io.qodex.domain.login.LoginScript;
import io.qodex.domain.login.LoginStep;
import io.qodex.domain.login.LoginStepDraft;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The steps JSON of {@code qodex login steps} and of {@code auth_profiles.ui_login_steps}: an array of objects with
 * {@code action} and, where they apply, {@code selector}, {@code value} and {@code timeoutMs}, e.g.
 * <pre>
 * [ { "action": "goto", "value": "${baseUrl}/login" },
 *   { "action": "fill", "selector": "#email", "value": "${authEmail}" },
 *   { "action": "click", "selector": "role=button[name=\"Sign in\"s]", "timeoutMs": 5000 },
 *   { "action": "waitForUrl", "value": "${baseUrl}/dashboard" } ]
 * </pre>
 */
public final class LoginStepsJson {

    /** This format as the domain's port. */
    public static final io.qodex.domain.login.LoginStepsCodec CODEC = new io.qodex.domain.login.LoginStepsCodec() {
        @Override
        public String write(LoginScript script) {
            return LoginStepsJson.write(script);
        }

        @Override
        public List<io.qodex.domain.login.LoginStepDraft> readDrafts(String json) {
            return LoginStepsJson.readDrafts(json);
        }
    };

    private static final Set<String> FIELDS = Set.of("action", "selector", "value", "timeoutMs");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LoginStepsJson() {
    }

    /** The steps as JSON (pretty-printed, selector and value only where the action takes them or they are set). */
    public static String write(LoginScript script) {
        ArrayNode array = MAPPER.createArrayNode();
        for (LoginStep step : script.steps()) {
            ObjectNode object = array.addObject();
            object.put("action", step.action().jsonName());
            if (!step.selector().isEmpty()) {
                object.put("selector", step.selector());
            }
            if (!step.value().isEmpty() || step.action() == LoginAction.FILL) {
                object.put("value", step.value());
            }
            step.timeout().ifPresent(timeout -> object.put("timeoutMs", timeout.toMillis()));
        }
        try {
            return MAPPER.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write login steps as JSON", e);
        }
    }

    /** Reads and validates steps; every problem (JSON shape or step rules) is reported in one exception. */
    public static LoginScript read(String json) {
        return LoginScript.parse(readDrafts(json));
    }

    /**
     * Reads the rows without validating the steps (for the editor, which shows each problem in its row). Throws an
     * invalid-input exception when the text is not a JSON array of step objects.
     */
    public static List<LoginStepDraft> readDrafts(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw QodexException.invalid("steps", "The steps are not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw QodexException.invalid("steps", "The steps must be a JSON array of objects such as "
                    + "{\"action\": \"fill\", \"selector\": \"#email\", \"value\": \"${authEmail}\"}.");
        }
        List<LoginStepDraft> drafts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            if (!node.isObject()) {
                problems.add("Step " + (i + 1) + ": is not an object.");
                continue;
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    problems.add("Step " + (i + 1) + ": unknown field \"" + name
                            + "\" (use action, selector, value, timeoutMs).");
                }
            }
            drafts.add(new LoginStepDraft(text(node, "action", i, problems), text(node, "selector", i, problems),
                    text(node, "value", i, problems), text(node, "timeoutMs", i, problems)));
        }
        if (!problems.isEmpty()) {
            throw QodexException.invalid("steps", String.join(" ", problems));
        }
        return drafts;
    }

    private static String text(JsonNode object, String field, int index, List<String> problems) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        problems.add("Step " + (index + 1) + ": \"" + field + "\" must be "
                + (field.equals("timeoutMs") ? "a whole number of milliseconds." : "text."));
        return "";
    }
}
