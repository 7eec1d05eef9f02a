package io.qodex.domain.environment;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A resolved HTTP login, ready to send. Headers and body may contain secrets: {@link #toString()} shows neither.
 */
public record LoginRequest(HttpMethod method, URI url, List<LoginHeader> headers, String body, String tokenPath,
                           Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public LoginRequest {
        headers = List.copyOf(headers);
    }

    @Override
    public String toString() {
        return "LoginRequest[" + method + " " + url.getScheme() + "://" + url.getAuthority() + url.getRawPath()
                + ", " + headers.size() + " headers, token at " + tokenPath + "]";
    }
}
