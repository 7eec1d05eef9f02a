package io.qodex.domain.secret;

import java.util.Map;
import java.util.Optional;

/**
 * The latest roster of a chain that verified, with the signing key of everyone named in the verified part (to check
 * who signed a key wrap).
 */
public record VerifiedRoster(KeyRoster roster, SignedRoster signed, Map<Long, byte[]> signingKeys) {

    public VerifiedRoster {
        signingKeys = Map.copyOf(signingKeys);
    }

    public Optional<byte[]> signingKeyOf(long userId) {
        return Optional.ofNullable(signingKeys.get(userId)).map(byte[]::clone);
    }
}
