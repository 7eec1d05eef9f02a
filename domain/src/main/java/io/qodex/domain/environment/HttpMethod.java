package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import java.util.Locale;

/** The request methods a login may use. */
public enum HttpMethod {
    GET, POST, PUT, PATCH;

    public static HttpMethod parse(String raw) {
        String upper = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        for (HttpMethod method : values()) {
            if (method.name().equals(upper)) {
                return method;
            }
        }
        throw QodexException.invalid("method", "The method must be GET, POST, PUT or PATCH.");
    }
}
