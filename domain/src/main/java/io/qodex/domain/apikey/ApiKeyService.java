package io.qodex.domain.apikey;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.ApiKeyGrant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Minting, listing, rotating and revoking a project's API keys. The secret is made here and shown once; the
 * database receives its SCRAM verifier and a SHA-256 of the key, and refuses what the caller's role does not allow
 * (Members their own keys, Admins every key, Viewers none).
 */
public final class ApiKeyService {

    /** Scopes whose keys hold the project key (wrapped for a key pair derived from their secret, decision 0031). */
    public static final Set<ApiKeyScope> HOLDING_THE_KEY = Set.of(ApiKeyScope.SECRETS_READ, ApiKeyScope.SESSIONS);

    /** Gives a new key its share of the project key: the signed-in user's key ring ({@code KeyRing::grantApiKey}). */
    @FunctionalInterface
    public interface KeyShare {
        ApiKeyGrant.Material share(long projectId, String keyId, Secret keySecret, Instant expiresAt);
    }

    private final ApiKeyRepository repository;
    private final Function<Secret, String> scramVerifier;
    private final KeyShare keyShare;
    private final Clock clock;

    /** {@code scramVerifier}: the SCRAM-SHA-256 verifier of a secret, as PostgreSQL stores passwords. */
    public ApiKeyService(ApiKeyRepository repository, Function<Secret, String> scramVerifier, KeyShare keyShare,
                         Clock clock) {
        this.repository = repository;
        this.scramVerifier = scramVerifier;
        this.keyShare = keyShare;
        this.clock = clock;
    }

    public List<ApiKey> list(Project project) {
        return repository.list(project.id());
    }

    /** A new key, shown once: the caller prints it and closes it. */
    public ApiKeyText create(Project project, String name, Set<ApiKeyScope> scopes, Duration lifetime) {
        if (name.isBlank() || name.strip().length() > 100) {
            throw QodexException.invalid("name", "Name the key (1-100 characters), e.g. --name github-actions.");
        }
        if (scopes.isEmpty()) {
            throw QodexException.invalid("scope", "Name one or more scopes: " + ApiKeyScope.codes() + ".");
        }
        Instant expiresAt = clock.instant().plus(ApiKeyLifetime.check(lifetime));
        ApiKeyText.Fresh fresh = ApiKeyText.Fresh.generate();
        String prefix = repository.create(project.id(), name.strip(), fresh.id(), scopes, expiresAt,
                scramVerifier.apply(fresh.secret()), hash(fresh), share(project, scopes, fresh, expiresAt));
        return finish(prefix, fresh);
    }

    /** A new secret for the key of that name (same scopes and expiry); the old one stops working at once. */
    public ApiKeyText rotate(Project project, String name) {
        ApiKey key = live(project, name);
        ApiKeyText.Fresh fresh = ApiKeyText.Fresh.generate();
        String prefix = repository.rotate(key.id(), fresh.id(), scramVerifier.apply(fresh.secret()), hash(fresh),
                share(project, key.scopes(), fresh, key.expiresAt()));
        return finish(prefix, fresh);
    }

    public ApiKey revoke(Project project, String name) {
        ApiKey key = live(project, name);
        repository.revoke(key.id());
        return key;
    }

    /** The project key's share for a key of a scope that holds it; Viewers are refused by the database first. */
    private Optional<ApiKeyGrant.Material> share(Project project, Set<ApiKeyScope> scopes, ApiKeyText.Fresh fresh,
                                                 Instant expiresAt) {
        if (scopes.stream().noneMatch(HOLDING_THE_KEY::contains) || project.myRole() == ProjectRole.VIEWER) {
            return Optional.empty();
        }
        // the database keeps the expiry to the minute: the grant signs that
        Instant minute = expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return Optional.of(keyShare.share(project.id(), fresh.id(), fresh.secret(), minute));
    }

    private ApiKey live(Project project, String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return list(project).stream()
                .filter(key -> key.revokedAt().isEmpty() && key.name().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst()
                .orElseThrow(() -> QodexException.notFound("No live API key named \"" + name.strip() + "\" in "
                        + project.slug().value() + " (qodex api-keys list --project " + project.slug().value() + ")."));
    }

    private static ApiKeyText finish(String prefix, ApiKeyText.Fresh fresh) {
        try (Secret secret = fresh.secret()) {
            return ApiKeyText.of(prefix, secret);
        }
    }

    /** SHA-256 of the key's id and secret: a second, server-side record of the key that reveals nothing of it. */
    private static byte[] hash(ApiKeyText.Fresh fresh) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(fresh.id().getBytes(StandardCharsets.US_ASCII));
            byte[] secret = fresh.secret().utf8();
            try {
                return digest.digest(secret);
            } finally {
                java.util.Arrays.fill(secret, (byte) 0);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
