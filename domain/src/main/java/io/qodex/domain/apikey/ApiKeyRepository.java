package io.qodex.domain.apikey;

import io.qodex.domain.secret.ApiKeyGrant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Keys through the database's functions: it decides who may mint, rotate and revoke which key. */
public interface ApiKeyRepository {

    List<ApiKey> list(long projectId);

    /** Mints a key and its login (with its share of the project key, if any); returns the prefix it was given. */
    String create(long projectId, String name, String id, Set<ApiKeyScope> scopes, Instant expiresAt,
                  String scramVerifier, byte[] keyHash, Optional<ApiKeyGrant.Material> share);

    /** Revokes the key and mints its successor (same name, scopes, expiry) at once; returns the new prefix. */
    String rotate(long keyId, String id, String scramVerifier, byte[] keyHash, Optional<ApiKeyGrant.Material> share);

    void revoke(long keyId);
}
