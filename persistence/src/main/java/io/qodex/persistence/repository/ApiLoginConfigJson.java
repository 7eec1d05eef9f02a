package io.qodex.persistence.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.environment.ApiLoginConfig;
import io.qodex.domain.environment.HttpMethod;
import io.qodex.domain.environment.LoginHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code auth_profiles.api_login_config}: the HTTP login as a small JSON document
 * ({@code {"method","url","headers":[{"name","value"}],"body","tokenPath"}}). It holds templates, never secrets.
 */
final class ApiLoginConfigJson {

    private static final Logger LOG = LoggerFactory.getLogger(ApiLoginConfigJson.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiLoginConfigJson() {
    }

    static String write(ApiLoginConfig config) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("method", config.method().name());
        root.put("url", config.url());
        ArrayNode headers = root.putArray("headers");
        for (LoginHeader header : config.headers()) {
            headers.addObject().put("name", header.name()).put("value", header.value());
        }
        root.put("body", config.body());
        root.put("tokenPath", config.tokenPath());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw QodexException.integrity("Could not write the HTTP login configuration.");
        }
    }

    /** The stored login, or empty (with a warning in the log) if the column holds something unreadable. */
    static Optional<ApiLoginConfig> read(long profileId, String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            List<LoginHeader> headers = new ArrayList<>();
            for (JsonNode header : root.path("headers")) {
                headers.add(new LoginHeader(header.path("name").asText(), header.path("value").asText()));
            }
            return Optional.of(new ApiLoginConfig(HttpMethod.parse(root.path("method").asText("POST")),
                    root.path("url").asText(), headers, root.path("body").asText(), root.path("tokenPath").asText()));
        } catch (JsonProcessingException | QodexException e) {
            LOG.warn("The HTTP login of auth profile {} is unreadable and is ignored", profileId);
            return Optional.empty();
        }
    }
}
