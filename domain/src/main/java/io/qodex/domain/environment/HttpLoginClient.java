package io.qodex.domain.environment;

import java.util.Optional;

/**
 * Sends an HTTP login and reads the token from its JSON answer (port; the adapter uses java.net.http and
 * JSONPath). It checks the status and the content type before reading, and never throws for what the server or the
 * network did: every such failure is a {@link LoginOutcome.Failure}.
 */
public interface HttpLoginClient {

    LoginOutcome send(LoginRequest request);

    /** Why the JSONPath library refuses a path, or empty when it compiles. */
    Optional<String> tokenPathProblem(String tokenPath);
}
