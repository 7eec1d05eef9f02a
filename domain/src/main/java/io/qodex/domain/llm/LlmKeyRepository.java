package io.qodex.domain.llm;

import io.qodex.domain.secret.KeyScope;
import java.util.Optional;

/**
 * Provider keys as project-secret (BYOK, scope PROJECT) or org-secret (platform key, scope ORG) ciphertext; the
 * row id of the associated data is the owner id. Row-level security lets only Admins (org admins) write.
 */
public interface LlmKeyRepository {

    Optional<StoredKey> find(KeyScope scope, long ownerId);

    Optional<String> ciphertext(KeyScope scope, long ownerId);

    void save(KeyScope scope, long ownerId, LlmProvider provider, String lastFour, String ciphertext);

    boolean remove(KeyScope scope, long ownerId);
}
