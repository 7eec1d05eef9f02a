package io.qodex.domain.scenario;

import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.environment.Token;
import io.qodex.domain.environment.VariableResolver;
import java.util.Map;

/**
 * The environment a run goes to: its constraints, a resolver of {@code ${…}} that also knows the values captured so
 * far, the tokens of its auth profiles (by F7's precedence), and the pacer shared by every request to it.
 */
public record RunTarget(EnvironmentSummary environment, Resolvers resolvers, Tokens tokens, Pacer pacer) {

    /** A resolver for a profile (null: none) with the captures as plain values; the caller closes it. */
    @FunctionalInterface
    public interface Resolvers {
        VariableResolver open(java.util.Optional<String> profile, Map<String, String> captures);
    }

    /** The profile's token; a QodexException says why there is none. The caller closes it. */
    @FunctionalInterface
    public interface Tokens {
        Token token(String profile);
    }
}
