package io.qodex.domain.llm;

import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.project.Project;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.ProjectSecrets;
import io.qodex.domain.secret.SecretField;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which key pays for a project's call (F10): its BYOK key (funding byok), else the organization's platform key
 * (funding platform). Only ciphertext is cached, for a few seconds, so that a call does not wait for the database;
 * the plaintext exists only for the call (docs/security.md). While the database is unreachable the last ciphertext seen
 * is used.
 */
public final class KeyChooser {

    private static final Duration CACHE_FOR = Duration.ofSeconds(15);

    private final Account account;
    private final LlmKeyRepository repository;
    private final ProjectSecrets secrets;
    private final Clock clock;
    private final Map<Long, Cached> byok = new ConcurrentHashMap<>();
    private final Map<Long, Cached> platform = new ConcurrentHashMap<>();

    /** A stored key as ciphertext, or none. */
    private record Cached(Optional<LlmProvider> provider, Optional<String> ciphertext, Instant loadedAt) {
    }

    /** The key chosen for one call; closing it wipes the plaintext. */
    public record ChosenKey(Funding funding, LlmProvider provider, Secret key) implements AutoCloseable {
        @Override
        public void close() {
            key.close();
        }
    }

    public KeyChooser(Account account, LlmKeyRepository repository, ProjectSecrets secrets, Clock clock) {
        this.account = account;
        this.repository = repository;
        this.secrets = secrets;
        this.clock = clock;
    }

    public Optional<ChosenKey> choose(Project project) {
        Cached own = byok.compute(project.id(), (id, old) -> fresh(old, KeyScope.PROJECT, id));
        if (own.ciphertext().isPresent()) {
            Secret key = secrets.decrypt(SecretField.BYOK_KEY, project.id(), project.id(), own.ciphertext().get());
            return Optional.of(new ChosenKey(Funding.BYOK, own.provider().orElse(LlmProvider.OPENAI), key));
        }
        long orgId = project.orgId(); // the project's organization pays, whichever one is current
        Cached org = platform.compute(orgId, (id, old) -> fresh(old, KeyScope.ORG, id));
        if (org.ciphertext().isPresent()) {
            Secret key = secrets.decrypt(SecretField.PLATFORM_KEY, orgId, orgId, org.ciphertext().get());
            return Optional.of(new ChosenKey(Funding.PLATFORM, org.provider().orElse(LlmProvider.OPENAI), key));
        }
        return Optional.empty();
    }

    /** Whether a call for {@code project} would find a key (its own, else the platform key), without decrypting. */
    public boolean available(Project project) {
        if (byok.compute(project.id(), (id, old) -> fresh(old, KeyScope.PROJECT, id)).ciphertext().isPresent()) {
            return true;
        }
        return platform.compute(project.orgId(), (id, old) -> fresh(old, KeyScope.ORG, id)).ciphertext().isPresent();
    }

    /** Forgets what was cached (after a key was set or removed in this process). */
    public void forget() {
        byok.clear();
        platform.clear();
    }

    private Cached fresh(@org.jspecify.annotations.Nullable Cached old, KeyScope scope, long ownerId) {
        Instant now = clock.instant();
        if (old != null && old.loadedAt().plus(CACHE_FOR).isAfter(now)) {
            return old;
        }
        try {
            Optional<String> ciphertext = repository.ciphertext(scope, ownerId);
            Optional<LlmProvider> provider = ciphertext.isEmpty() ? Optional.empty()
                    : repository.find(scope, ownerId).map(StoredKey::provider);
            return new Cached(provider, ciphertext, now);
        } catch (QodexException e) {
            if (old == null) {
                throw e;
            }
            return new Cached(old.provider(), old.ciphertext(), now); // the database is away: keep the last known key
        }
    }
}
