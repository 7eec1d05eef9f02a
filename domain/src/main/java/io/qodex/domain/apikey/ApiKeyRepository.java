package io.qodex.domain.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Keys through the database's functions: it decides who may mint, rotate and revoke which key. */
public interface ApiKeyRepository {

    List<ApiKey> list(long projectId);

    /** Mints a key and its login; returns the prefix the database gave it. */
    String create(long projectId, String name, String id, Set<ApiKeyScope> scopes, Instant expiresAt,
                  String scramVerifier, byte[] keyHash);

    /** Revokes the key and mints its successor (same name, scopes, expiry) at once; returns the new prefix. */
    String rotate(long keyId, String id, String scramVerifier, byte[] keyHash);

    void revoke(long keyId);
}
