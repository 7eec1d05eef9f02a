package io.qodex.domain.environment;

import java.util.List;
import java.util.Locale;

/**
 * An HTTP login (F7): method, URL, headers and body are templates in which variables resolve; the URL must be
 * absolute after substitution. The token is read from the JSON response with {@code tokenPath}.
 */
public record ApiLoginConfig(HttpMethod method, String url, List<LoginHeader> headers, String body, String tokenPath) {

    public static final int MAX_URL_LENGTH = 2000;
    public static final int MAX_BODY_LENGTH = 20_000;
    public static final int MAX_HEADERS = 50;

    public ApiLoginConfig {
        headers = List.copyOf(headers);
    }

    /** The usual JSON login: POST with Content-Type: application/json. */
    public static ApiLoginConfig jsonPost(String url, String body, String tokenPath) {
        return new ApiLoginConfig(HttpMethod.POST, url, List.of(LoginHeader.contentTypeJson()), body, tokenPath);
    }

    /** The body is a JSON document (values substituted into it are JSON-escaped): no Content-Type, or a JSON one. */
    public boolean jsonBody() {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase("Content-Type")).findFirst()
                .map(h -> h.value().toLowerCase(Locale.ROOT).contains("json")).orElse(true);
    }
}
