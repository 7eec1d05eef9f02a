package io.qodex.domain.environment;

import io.qodex.domain.common.Secret;
import java.util.Optional;

/**
 * The last link of the token chain (F7, F8): a bearer token sniffed while replaying a recorded UI login. The login
 * recorder implements it; until then there is none.
 */
@FunctionalInterface
public interface UiLoginTokens {

    UiLoginTokens NONE = (environmentId, profileName) -> Optional.empty();

    /** A bearer token for the profile from a (replayed) UI login, if there is one. The receiver closes it. */
    Optional<Secret> bearerToken(long environmentId, String profileName);
}
