package io.qodex.domain.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a CI job reaches with an API key alone: the database login of the key, which sees exactly its project within
 * its scopes. Every call records the key's last use.
 */
public interface CiAccess extends AutoCloseable {

    /** The key's project and scopes. */
    record KeyInfo(long projectId, String projectSlug, String projectName, String keyName, Set<ApiKeyScope> scopes,
                   Instant expiresAt) {
    }

    KeyInfo key();

    /** The environment of that name (case-insensitive), if the project has one. */
    Optional<CiEnvironment> environment(String name);

    /** The names of the project's environments, for a message naming the valid ones. */
    List<String> environmentNames();

    @Override
    void close();
}
