package io.qodex.domain.secret;

import io.qodex.domain.account.OrgRole;
import io.qodex.domain.account.SignedIn;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed-in user's view of project and organization keys (SECURITY.md layer 3): unwraps and caches the keys
 * they hold, serves members waiting for a key, and rotates. Keys are wiped on {@link #close()}.
 */
public final class KeyRing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

    private record KeyId(KeyScope scope, long ownerId, int version) {
    }

    private final SignedIn user;
    private final KeyCrypto crypto;
    private final Map<KeyId, SymmetricKey> keys = new ConcurrentHashMap<>();

    public KeyRing(SignedIn user, KeyCrypto crypto) {
        this.user = user;
        this.crypto = crypto;
    }

    private KeyRingRepository repository() {
        return user.session().keyRings();
    }

    /** The key of one version; NOT_ALLOWED if the user holds no wrap of it (a Viewer, or waiting for the key). */
    public SymmetricKey key(KeyScope scope, long ownerId, int version) {
        KeyId id = new KeyId(scope, ownerId, version);
        SymmetricKey cached = keys.get(id);
        if (cached != null) {
            return cached;
        }
        KeyWrap wrap = repository().myWrap(scope, ownerId, version).orElseThrow(() -> noKey(scope, version));
        SymmetricKey key = crypto.unwrap(wrap, user.key());
        SymmetricKey raced = keys.putIfAbsent(id, key);
        if (raced != null) {
            key.close();
            return raced;
        }
        return key;
    }

    public SymmetricKey currentKey(KeyScope scope, long ownerId) {
        int version = repository().currentVersion(scope, ownerId);
        if (version == 0) {
            throw QodexException.notFound("The organization has no key yet: an organization admin creates it on sign-in.");
        }
        return key(scope, ownerId, version);
    }

    public boolean holdsKey(KeyScope scope, long ownerId) {
        int version = repository().currentVersion(scope, ownerId);
        return version > 0 && (keys.containsKey(new KeyId(scope, ownerId, version))
                || repository().myWrap(scope, ownerId, version).isPresent());
    }

    /** Wraps the current keys for every member waiting for one that this user can serve. Returns how many. */
    public int shareWaitingKeys() {
        return shareWaitingKeys(OptionalLong.empty());
    }

    /** Like {@link #shareWaitingKeys()}, limited to one project (and no organization key) if given. */
    public int shareWaitingKeys(OptionalLong onlyProject) {
        List<KeyWrap> wraps = new ArrayList<>();
        for (KeyScope scope : KeyScope.values()) {
            if (onlyProject.isPresent() && scope == KeyScope.ORG) {
                continue;
            }
            for (PendingShare pending : repository().pendingShares(scope)) {
                if (onlyProject.isPresent() && pending.ownerId() != onlyProject.getAsLong()) {
                    continue;
                }
                if (!holdsWrap(scope, pending.ownerId(), pending.version())) {
                    continue; // this Admin waits for the key themselves
                }
                SymmetricKey key = key(scope, pending.ownerId(), pending.version());
                wraps.add(crypto.wrap(key, scope, pending.ownerId(), pending.userId(), pending.publicKey()));
            }
        }
        if (!wraps.isEmpty()) {
            repository().addWraps(wraps);
            LOG.info("Shared keys with {} waiting member(s)", wraps.size());
        }
        return wraps.size();
    }

    /** An org admin's client creates the organization key when there is none yet. */
    public void ensureOrgKey() {
        long orgId = user.account().orgId();
        if (user.account().orgRole() != OrgRole.ADMIN || repository().currentVersion(KeyScope.ORG, orgId) > 0) {
            return;
        }
        try (SymmetricKey fresh = crypto.newSymmetricKey(1)) {
            KeyWrap mine = crypto.wrap(fresh, KeyScope.ORG, orgId, user.account().userId(), user.key().publicKey());
            repository().createOrgKey(orgId, mine);
        }
    }

    /**
     * Rotates a project's key: a new version wrapped for the remaining Admins and Members and every secret
     * re-encrypted, in one transaction; optionally removing a member in the same transaction.
     */
    /** What a rotation did. */
    public record Rotation(int version, int reencrypted) {
    }

    public Rotation rotate(Project project, OptionalLong removeUserId) {
        if (project.myRole() != ProjectRole.ADMIN) {
            throw QodexException.notAllowed("Only an Admin of " + project.name() + " can rotate its key.");
        }
        int current = repository().currentVersion(KeyScope.PROJECT, project.id());
        SymmetricKey next = crypto.newSymmetricKey(current + 1);
        java.util.concurrent.atomic.AtomicInteger reencrypted = new java.util.concurrent.atomic.AtomicInteger();
        try {
            int version = repository().rotateProjectKey(project.id(), current, removeUserId, new KeyRotation() {
                @Override
                public List<KeyWrap> wrapsFor(int newVersion, List<KeyRecipient> recipients) {
                    if (newVersion != next.version()) {
                        throw QodexException.conflict("The project key changed meanwhile; try again.");
                    }
                    return recipients.stream()
                            .map(r -> crypto.wrap(next, KeyScope.PROJECT, project.id(), r.userId(), r.publicKey()))
                            .toList();
                }

                @Override
                public StoredSecret reencrypt(StoredSecret stored, int newVersion) {
                    SecretField field = stored.field();
                    String associatedData = field.associatedData(stored.ownerId(), stored.rowId());
                    SymmetricKey old = key(KeyScope.PROJECT, project.id(), crypto.versionOf(stored.ciphertext()));
                    try (var plain = crypto.decrypt(old, associatedData, stored.ciphertext())) {
                        reencrypted.incrementAndGet();
                        return new StoredSecret(field, stored.ownerId(), stored.rowId(),
                                crypto.encrypt(next, associatedData, plain));
                    }
                }
            });
            SymmetricKey previous = keys.put(new KeyId(KeyScope.PROJECT, project.id(), version), next);
            if (previous != null) {
                previous.close();
            }
            LOG.info("Rotated the key of project {} to version {}", project.slug(), version);
            return new Rotation(version, reencrypted.get());
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
    }

    private boolean holdsWrap(KeyScope scope, long ownerId, int version) {
        return keys.containsKey(new KeyId(scope, ownerId, version))
                || repository().myWrap(scope, ownerId, version).isPresent();
    }

    private static QodexException noKey(KeyScope scope, int version) {
        return QodexException.notAllowed(scope == KeyScope.PROJECT
                ? "You hold no key of this project (version " + version + "): Viewers read no secret, and Admins or "
                        + "Members invited recently wait until an Admin's client shares the key."
                : "You hold no key of the organization yet: an organization admin's client shares it when online.");
    }

    @Override
    public void close() {
        keys.values().forEach(SymmetricKey::close);
        keys.clear();
    }
}
