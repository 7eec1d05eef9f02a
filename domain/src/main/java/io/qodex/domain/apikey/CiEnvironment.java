package io.qodex.domain.apikey;

import java.util.List;
import java.util.Optional;

/**
 * An environment as a CI job with an {@code env:read} key reads it: where it is, its constraints, and its variables
 * (a secret variable's value is omitted: it needs {@code secrets:read}).
 */
public record CiEnvironment(String name, String baseUrl, Optional<String> apiBaseUrl, Optional<String> preset,
                            boolean productionLike, boolean readOnly, int maxRequestsPerSecond,
                            boolean allowDestructiveTests, boolean allowSecurityTesting, List<Variable> variables) {

    /** A variable; {@code value} is empty for a secret one. */
    public record Variable(String name, Optional<String> value, boolean secret) {
    }
}
