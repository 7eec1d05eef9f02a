package io.qodex.domain.llm;

import io.qodex.domain.account.OrgRole;
import io.qodex.domain.account.Account;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.ProjectSecrets;
import io.qodex.domain.secret.SecretField;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * F9 BYOK per project and the organization's platform-funded key: validated with the provider before saving,
 * stored only as end-to-end encrypted ciphertext, shown only as the last four characters.
 */
public final class LlmKeyService {

    /** The field of the problem a key check raises when the provider cannot be reached (not the database). */
    public static final String PROVIDER_FIELD = "provider";

    private static final String NOT_SAVED = " Your key was not saved.";

    private final Account account;
    private final LlmKeyRepository repository;
    private final ProjectSecrets secrets;
    private final ProviderKeyValidator validator;
    private final KeyCheckLog checks;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    public LlmKeyService(Account account, LlmKeyRepository repository, ProjectSecrets secrets,
                         ProviderKeyValidator validator) {
        this(account, repository, secrets, validator, KeyCheckLog.NONE);
    }

    /** {@code checks} hears every BYOK key check, to log it as a usage row (F10). */
    public LlmKeyService(Account account, LlmKeyRepository repository, ProjectSecrets secrets,
                         ProviderKeyValidator validator, KeyCheckLog checks) {
        this.account = account;
        this.repository = repository;
        this.secrets = secrets;
        this.validator = validator;
        this.checks = checks;
    }

    /** Runs {@code listener} after a key was set or removed through this service (e.g. to drop cached keys). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private LlmKeyRepository repository() {
        return repository;
    }

    public Optional<StoredKey> byok(Project project) {
        return repository().find(KeyScope.PROJECT, project.id());
    }

    public Funding funding(Project project) {
        return byok(project).isPresent() ? Funding.BYOK : Funding.PLATFORM;
    }

    /** Validates the key with the provider, then stores it; a refused key is not saved. */
    public StoredKey setByok(Project project, LlmProvider provider, Secret key) {
        if (project.myRole() != ProjectRole.ADMIN) {
            throw QodexException.notAllowed("Only an Admin of " + project.name() + " can set its LLM key.");
        }
        ProviderKeyValidator logged = (checkedProvider, checkedKey) -> {
            long start = System.nanoTime();
            KeyCheck check = validator.check(checkedProvider, checkedKey);
            checks.checked(project, checkedProvider, check, Duration.ofNanos(System.nanoTime() - start));
            return check;
        };
        return store(KeyScope.PROJECT, project.id(), SecretField.BYOK_KEY, provider, key, logged);
    }

    public boolean removeByok(Project project) {
        if (project.myRole() != ProjectRole.ADMIN) {
            throw QodexException.notAllowed("Only an Admin of " + project.name() + " can remove its LLM key.");
        }
        boolean removed = repository().remove(KeyScope.PROJECT, project.id());
        changed();
        return removed;
    }

    /** The plaintext BYOK key, for the moment of a call (docs/security.md: the caller holds it only then). */
    public Optional<Secret> byokKey(Project project) {
        return repository().ciphertext(KeyScope.PROJECT, project.id())
                .map(stored -> secrets.decrypt(SecretField.BYOK_KEY, project.id(), project.id(), stored));
    }

    public Optional<StoredKey> platformKey() {
        return repository().find(KeyScope.ORG, account.orgId());
    }

    public StoredKey setPlatformKey(LlmProvider provider, Secret key) {
        requireOrgAdmin("set the platform key");
        return store(KeyScope.ORG, account.orgId(), SecretField.PLATFORM_KEY, provider, key, validator);
    }

    public boolean removePlatformKey() {
        requireOrgAdmin("remove the platform key");
        boolean removed = repository().remove(KeyScope.ORG, account.orgId());
        changed();
        return removed;
    }

    public Optional<Secret> platformKeyValue() {
        long orgId = account.orgId();
        return repository().ciphertext(KeyScope.ORG, orgId)
                .map(stored -> secrets.decrypt(SecretField.PLATFORM_KEY, orgId, orgId, stored));
    }

    private StoredKey store(KeyScope scope, long ownerId, SecretField field, LlmProvider provider, Secret key,
                            ProviderKeyValidator validator) {
        provider.requireLive();
        String trimmed = key.reveal().strip();
        if (trimmed.isEmpty()) {
            throw QodexException.invalid("key", "Enter the key.");
        }
        if (provider == LlmProvider.OPENAI && !trimmed.startsWith("sk-")) {
            throw QodexException.invalid("key", "OpenAI keys start with \"sk-\".");
        }
        if (trimmed.length() > 512 || trimmed.chars().anyMatch(Character::isWhitespace)) {
            throw QodexException.invalid("key", "That does not look like an API key (spaces or over 512 characters).");
        }
        try (Secret clean = Secret.copyOf(trimmed)) {
            KeyCheck check = validator.check(provider, clean);
            if (check instanceof KeyCheck.Rejected rejected) {
                throw new QodexException(Problem.PROVIDER_REFUSED, "key", provider.label() + " refused the key: "
                        + rejected.message() + NOT_SAVED, null);
            }
            if (check instanceof KeyCheck.Unreachable unreachable) {
                throw new QodexException(Problem.UNAVAILABLE, PROVIDER_FIELD, "Couldn't reach " + provider.label() + " ("
                        + unreachable.message() + ")." + NOT_SAVED, null);
            }
            String ciphertext = secrets.encrypt(field, ownerId, ownerId, clean);
            repository().save(scope, ownerId, provider, clean.lastFour(), ciphertext);
        }
        changed();
        return repository().find(scope, ownerId).orElseThrow();
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    private void requireOrgAdmin(String what) {
        if (account.orgRole() != OrgRole.ADMIN) {
            throw QodexException.notAllowed("Only an organization admin can " + what + ".");
        }
    }
}
