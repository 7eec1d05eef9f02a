package io.qodex.domain.environment;

import java.util.List;

/** An HTTP login being edited: raw text from the editor or an import, checked when the draft is. */
public record ApiLoginDraft(String method, String url, List<LoginHeader> headers, String body, String tokenPath) {

    public ApiLoginDraft {
        headers = List.copyOf(headers);
    }

    public static ApiLoginDraft of(ApiLoginConfig config) {
        return new ApiLoginDraft(config.method().name(), config.url(), config.headers(), config.body(),
                config.tokenPath());
    }

    /** A new login with the defaults: POST, Content-Type: application/json. */
    public static ApiLoginDraft defaults() {
        return new ApiLoginDraft("POST", "${apiBaseUrl}/login", List.of(LoginHeader.contentTypeJson()),
                "{\"email\": \"${authEmail}\", \"password\": \"${authPassword}\"}", "$.token");
    }
}
