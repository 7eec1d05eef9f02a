package io.qodex.domain.secret;

import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed-in user's view of project and organization keys (docs/security.md, "Secrets" and "Who receives keys").
 * A key is used only after the chain of signed rosters verifies and the key matches the commitment the roster signs;
 * keys are wrapped only for people an Admin confirmed, never because the database lists them. Keys are wiped on
 * {@link #close()}.
 */
public final class KeyRing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

    private record KeyId(KeyScope scope, long ownerId, int version) {
    }

    private record ChainId(KeyScope scope, long ownerId) {
    }

    /** Why someone the database lists does not hold the key yet. */
    public enum WaitReason {
        /** Not in the signed roster: an Admin compares their fingerprint and confirms them. */
        NEW,
        /** In the roster with other keys than the database now lists: a reset password, or a substituted key. */
        KEY_CHANGED,
        /** In the roster as a Member while the database says Admin: confirming signs the promotion. */
        ROLE_CHANGED,
        /** They have not signed in since their account needed a signing key: nothing to confirm yet. */
        NO_KEYS_YET
    }

    /** Someone waiting for an Admin's confirmation. */
    public record Waiting(KeyCandidate candidate, WaitReason reason, Optional<Fingerprint> confirmedAs) {

        public Optional<Fingerprint> fingerprint() {
            return candidate.fingerprint();
        }
    }

    /** What a rotation did. */
    public record Rotation(int version, int reencrypted, List<String> leftOut) {
    }

    private final Account account;
    private final UnlockedUserKey userKey;
    private final KeyRingRepository repository;
    private final KeyCrypto crypto;
    private final LocalPins localPins;
    private final RosterVerifier verifier;
    private final Map<KeyId, SymmetricKey> keys = new ConcurrentHashMap<>();
    private final Map<ChainId, VerifiedRoster> rosters = new ConcurrentHashMap<>();

    public KeyRing(Account account, UnlockedUserKey userKey, KeyRingRepository repository, KeyCrypto crypto,
                   LocalPins localPins) {
        this.account = account;
        this.userKey = userKey;
        this.repository = repository;
        this.crypto = crypto;
        this.localPins = localPins;
        this.verifier = new RosterVerifier(crypto);
    }

    private long me() {
        return account.userId();
    }

    /** The signed-in user's own key fingerprint, to read to an Admin who confirms them. */
    public Fingerprint myFingerprint() {
        return Fingerprint.of(account.email().value(), userKey.publicKey(), userKey.signingPublicKey());
    }

    // ------------------------------------------------------------------ using keys

    /** The key of one version, after checking it against the signed roster; NOT_ALLOWED if the user holds no wrap. */
    public SymmetricKey key(KeyScope scope, long ownerId, int version) {
        KeyId id = new KeyId(scope, ownerId, version);
        SymmetricKey cached = keys.get(id);
        if (cached != null) {
            return cached;
        }
        VerifiedRoster verified = verifiedCovering(scope, ownerId, version);
        byte[] commitment = verified.roster().commitment(version).orElseThrow(() -> QodexException.integrity(
                "Key version " + version + " of " + describe(scope, ownerId) + " is not signed by an Admin: refused."));
        KeyWrap wrap = repository.myWrap(scope, ownerId, version).orElseThrow(() -> noKey(scope, version));
        checkWrapSignature(wrap, verified);
        SymmetricKey key = crypto.unwrap(wrap, userKey);
        if (!MessageDigest.isEqual(crypto.commitment(key, scope, ownerId), commitment)) {
            key.close();
            throw QodexException.integrity("Your wrap of key version " + version + " of " + describe(scope, ownerId)
                    + " holds another key than the one its Admins signed (planted or altered in the database): refused.");
        }
        SymmetricKey raced = keys.putIfAbsent(id, key);
        if (raced != null) {
            key.close();
            return raced;
        }
        return key;
    }

    /** The key to encrypt under: the database's current version, which the signed roster must name as current. */
    public SymmetricKey currentKey(KeyScope scope, long ownerId) {
        int version = repository.currentVersion(scope, ownerId);
        if (version == 0) {
            throw QodexException.notFound("The organization has no key yet: an organization admin creates it on sign-in.");
        }
        VerifiedRoster verified = verifiedCovering(scope, ownerId, version);
        requireCurrent(verified, scope, ownerId, version);
        return key(scope, ownerId, version);
    }

    /** A new API key's share of the current project key: its wrap, signed grant and anchor (decision 0031). */
    public ApiKeyGrant.Material grantApiKey(long projectId, String keyId, io.qodex.domain.common.Secret keySecret,
                                            java.time.Instant expiresAt) {
        SymmetricKey key = currentKey(KeyScope.PROJECT, projectId);
        return ApiKeyGrant.mint(projectId, keyId, keySecret, expiresAt, key,
                verifiedCovering(KeyScope.PROJECT, projectId, key.version()), crypto, userKey);
    }

    public boolean holdsKey(KeyScope scope, long ownerId) {
        int version = repository.currentVersion(scope, ownerId);
        return version > 0 && (keys.containsKey(new KeyId(scope, ownerId, version))
                || repository.myWrap(scope, ownerId, version).isPresent());
    }

    private void checkWrapSignature(KeyWrap wrap, VerifiedRoster verified) {
        if (wrap.signature().isEmpty()) {
            if (verified.roster().origin() != KeyRoster.Origin.MIGRATED) {
                throw QodexException.integrity("Your wrap of key version " + wrap.version() + " of "
                        + describe(wrap.scope(), wrap.ownerId()) + " is not signed: refused.");
            }
            return; // made before signatures; the commitment check below decides
        }
        Optional<byte[]> signerKey = verified.signingKeyOf(wrap.wrappedBy());
        if (signerKey.isPresent() && !crypto.verify(signerKey.get(), wrap.signedContent(), wrap.signature().get())) {
            throw QodexException.integrity("The signature on your wrap of key version " + wrap.version() + " of "
                    + describe(wrap.scope(), wrap.ownerId()) + " does not verify: refused.");
        }
    }

    private static void requireCurrent(VerifiedRoster verified, KeyScope scope, long ownerId, int databaseVersion) {
        int signed = verified.roster().currentVersion();
        if (signed != databaseVersion) {
            throw QodexException.integrity(databaseVersion > signed
                    ? "Key version " + databaseVersion + " of " + describe(scope, ownerId) + " is not signed by an "
                            + "Admin (the signed roster ends at version " + signed + "): nothing is encrypted under it."
                    : "The database names key version " + databaseVersion + " of " + describe(scope, ownerId)
                            + " as current, behind the signed version " + signed + ": refused.");
        }
    }

    // ------------------------------------------------------------------ rosters

    /**
     * The verified roster of a chain, if it has one. Reads only what is new since the last verification, or since the
     * earliest of the user's pins (the signed one in the database and the one in their own files), and checks that the
     * chain still holds every pinned roster.
     */
    public Optional<VerifiedRoster> roster(KeyScope scope, long ownerId) {
        ChainId chain = new ChainId(scope, ownerId);
        VerifiedRoster known = rosters.get(chain);
        List<RosterPin> pins = new ArrayList<>();
        if (known != null) {
            pins.add(pinOf(known.signed()));
        } else {
            validPin(scope, ownerId).ifPresent(pins::add);
            localPins.get(scope, ownerId).ifPresent(local ->
                    pins.add(new RosterPin(scope, ownerId, local.epoch(), local.head(), new byte[64])));
        }
        pins.sort(java.util.Comparator.comparingInt(RosterPin::epoch));
        Optional<RosterPin> start = pins.isEmpty() ? Optional.empty() : Optional.of(pins.get(0));
        List<SignedRoster> links = repository.rosters(scope, ownerId, start.map(RosterPin::epoch).orElse(1));
        if (links.isEmpty()) {
            if (start.isEmpty()) {
                return Optional.empty();
            }
            repository.currentVersion(scope, ownerId); // NOT_FOUND for someone who left: not a tampering
        }
        OptionalLong creator = start.isEmpty() && scope == KeyScope.PROJECT ? repository.projectCreator(ownerId)
                : OptionalLong.empty();
        VerifiedRoster verified = verifier.verify(scope, ownerId, links, start, creator);
        for (RosterPin later : pins.subList(Math.min(1, pins.size()), pins.size())) {
            boolean held = links.stream().anyMatch(link -> link.epoch() == later.epoch()
                    && MessageDigest.isEqual(KeyRoster.sha256(link.body()), later.head()));
            if (!held) {
                throw QodexException.integrity("The key roster of " + describe(scope, ownerId) + " differs from epoch "
                        + later.epoch() + " you verified before: it was rolled back or replaced in the database. Its keys "
                        + "are refused.");
            }
        }
        rosters.put(chain, verified);
        int newest = verified.signed().epoch();
        if (pins.isEmpty() || newest > pins.get(pins.size() - 1).epoch() || known == null) {
            savePins(verified);
        }
        return Optional.of(verified);
    }

    private VerifiedRoster verifiedCovering(KeyScope scope, long ownerId, int version) {
        VerifiedRoster known = rosters.get(new ChainId(scope, ownerId));
        if (known != null && known.roster().keyCommitments().containsKey(version)
                && known.roster().currentVersion() >= version) {
            return known;
        }
        Optional<VerifiedRoster> verified = roster(scope, ownerId);
        if (verified.isEmpty() && scope == KeyScope.PROJECT) {
            verified = signMigratedRoster(ownerId);
        }
        return verified.orElseThrow(() -> QodexException.notAllowed(describe(scope, ownerId)
                + " has no signed key roster yet: one of its Admins signs it when they next sign in."));
    }

    private Optional<RosterPin> validPin(KeyScope scope, long ownerId) {
        Optional<RosterPin> pin = repository.myPin(scope, ownerId);
        if (pin.isPresent() && !crypto.verify(userKey.signingPublicKey(), pin.get().signedContent(), pin.get().signature())) {
            LOG.warn("Your pin of the key roster of {} does not verify with your key (a password reset, or it was altered):"
                    + " verifying the whole chain again", describe(scope, ownerId));
            return Optional.empty();
        }
        return pin;
    }

    private static RosterPin pinOf(SignedRoster signed) {
        return new RosterPin(signed.scope(), signed.ownerId(), signed.epoch(), KeyRoster.sha256(signed.body()), new byte[64]);
    }

    private void savePins(VerifiedRoster verified) {
        SignedRoster signed = verified.signed();
        byte[] head = KeyRoster.sha256(signed.body());
        localPins.put(signed.scope(), signed.ownerId(), new LocalPins.Pinned(signed.epoch(), head));
        Optional<RosterPin> stored = repository.myPin(signed.scope(), signed.ownerId());
        if (stored.isPresent() && stored.get().epoch() >= signed.epoch()
                && MessageDigest.isEqual(stored.get().head(), head)) {
            return;
        }
        byte[] signature = crypto.sign(userKey, RosterPin.signedContent(signed.scope(), signed.ownerId(), signed.epoch(), head));
        try {
            repository.savePin(new RosterPin(signed.scope(), signed.ownerId(), signed.epoch(), head, signature));
        } catch (QodexException e) {
            LOG.warn("Could not store your pin of the key roster of {}: {}", describe(signed.scope(), signed.ownerId()),
                    e.getMessage());
        }
    }

    private SignedRoster sign(KeyRoster roster) {
        byte[] body = roster.body();
        return new SignedRoster(roster.scope(), roster.ownerId(), roster.epoch(), body, crypto.sign(userKey, body), me());
    }

    /** The first roster of a new project, signed by its creator, with the creator's wrap of key version 1. */
    public ProjectKeyStart startProject(long projectId, SymmetricKey key) {
        KeyRoster.Member creator = self(KeyRoster.Role.ADMIN);
        KeyRoster first = KeyRoster.first(KeyScope.PROJECT, projectId, KeyRoster.Origin.CREATED, key.version(),
                crypto.commitment(key, KeyScope.PROJECT, projectId), List.of(creator));
        KeyWrap wrap = crypto.wrap(key, KeyScope.PROJECT, projectId, me(), userKey.publicKey(), userKey);
        return new ProjectKeyStart(wrap, sign(first));
    }

    /** What a new project starts with: its creator's wrap and its first roster. */
    public record ProjectKeyStart(KeyWrap wrap, SignedRoster roster) {
    }

    private KeyRoster.Member self(KeyRoster.Role role) {
        return new KeyRoster.Member(me(), role, userKey.publicKey(), userKey.signingPublicKey(),
                account.email().value());
    }

    /**
     * A project made before signed rosters: an Admin who holds its key signs its first roster, naming only themselves
     * (docs/security.md). Never for a chain this user verified before: its pins make {@link #roster} refuse instead.
     */
    private Optional<VerifiedRoster> signMigratedRoster(long projectId) {
        int version = repository.currentVersion(KeyScope.PROJECT, projectId);
        Optional<KeyWrap> mine = repository.myWrap(KeyScope.PROJECT, projectId, version);
        List<KeyCandidate> candidates = repository.candidates(KeyScope.PROJECT, projectId);
        boolean admin = candidates.stream().anyMatch(c -> c.userId() == me() && c.role() == KeyRoster.Role.ADMIN);
        if (mine.isEmpty() || !admin) {
            return Optional.empty();
        }
        try (SymmetricKey key = crypto.unwrap(mine.get(), userKey)) {
            // only the signer: everyone else who holds the key is confirmed explicitly (the database is trusted for
            // nothing but this Admin's own wrap)
            KeyRoster first = KeyRoster.first(KeyScope.PROJECT, projectId, KeyRoster.Origin.MIGRATED, version,
                    crypto.commitment(key, KeyScope.PROJECT, projectId), List.of(self(KeyRoster.Role.ADMIN)));
            repository.appendRoster(sign(first), List.of());
            LOG.info("Signed the first key roster of project #{}; its other key holders wait for confirmation", projectId);
        } catch (QodexException e) {
            if (e.getMessage().contains("meanwhile")) {
                LOG.info("Another Admin signed the first key roster of project #{} at the same time", projectId);
            } else {
                throw e;
            }
        }
        return roster(KeyScope.PROJECT, projectId);
    }

    // ------------------------------------------------------------------ confirming people

    /** Everyone the database lists as entitled to the key who is not (or not so) in the signed roster. */
    public List<Waiting> waiting(KeyScope scope, long ownerId) {
        List<KeyCandidate> candidates = repository.candidates(scope, ownerId);
        Optional<VerifiedRoster> verified = roster(scope, ownerId);
        List<Waiting> waiting = new ArrayList<>();
        for (KeyCandidate candidate : candidates) {
            Optional<KeyRoster.Member> inRoster = verified.flatMap(v -> v.roster().member(candidate.userId()));
            if (candidate.publicKey().isEmpty() || candidate.signingPublicKey().isEmpty()) {
                waiting.add(new Waiting(candidate, WaitReason.NO_KEYS_YET, inRoster.map(KeyRoster.Member::fingerprint)));
            } else if (inRoster.isEmpty()) {
                waiting.add(new Waiting(candidate, WaitReason.NEW, Optional.empty()));
            } else if (!inRoster.get().sameKeys(candidate.publicKey().get(), candidate.signingPublicKey().get())) {
                LOG.warn("KEY CHANGED: {} of {} now lists other keys than the ones confirmed ({} -> {}); their keys are "
                                + "not used until an Admin confirms them again", candidate.email(), describe(scope, ownerId),
                        inRoster.get().fingerprint(), candidate.fingerprint().orElseThrow());
                waiting.add(new Waiting(candidate, WaitReason.KEY_CHANGED, Optional.of(inRoster.get().fingerprint())));
            } else if (inRoster.get().role() == KeyRoster.Role.MEMBER && candidate.role() == KeyRoster.Role.ADMIN) {
                waiting.add(new Waiting(candidate, WaitReason.ROLE_CHANGED, Optional.of(inRoster.get().fingerprint())));
            }
        }
        return waiting;
    }

    /**
     * Confirms people after the Admin compared their fingerprints: they join the signed roster (with the role the
     * database gives them) and receive a wrap of the current key, in one transaction. The keys wrapped for are read
     * again here and must still be the ones whose fingerprint the Admin compared ({@code compared}, by user id):
     * otherwise nothing is confirmed (the database could answer one way for the comparison and another for the wrap).
     */
    public List<Fingerprint> confirm(KeyScope scope, long ownerId, Map<Long, Fingerprint> compared) {
        VerifiedRoster verified = signerRoster(scope, ownerId);
        Map<Long, KeyCandidate> candidates = new LinkedHashMap<>();
        repository.candidates(scope, ownerId).forEach(c -> candidates.put(c.userId(), c));
        Map<Long, KeyRoster.Member> members = new LinkedHashMap<>();
        verified.roster().members().forEach(m -> members.put(m.userId(), m));
        SymmetricKey key = currentKey(scope, ownerId);
        List<KeyWrap> wraps = new ArrayList<>();
        List<Fingerprint> confirmed = new ArrayList<>();
        for (Map.Entry<Long, Fingerprint> entry : compared.entrySet()) {
            long userId = entry.getKey();
            KeyCandidate candidate = candidates.get(userId);
            if (candidate == null) {
                throw QodexException.notFound("User #" + userId + " is not " + (scope == KeyScope.PROJECT
                        ? "an Admin or Member of this project" : "a verified member of the organization")
                        + ": nothing to confirm.");
            }
            KeyRoster.Member member = candidate.asMember().orElseThrow(() -> QodexException.invalid(candidate.email()
                    + " has not signed in since their account got a signing key: ask them to sign in once, then confirm."));
            if (!member.fingerprint().equals(entry.getValue())) {
                throw QodexException.integrity("The keys of " + candidate.email() + " changed while you were confirming "
                        + "(you compared \"" + entry.getValue() + "\", the database now lists \"" + member.fingerprint()
                        + "\"): nobody was confirmed. Compare again.");
            }
            KeyRoster.Member before = members.get(userId);
            members.put(userId, member);
            if (before == null || !before.sameKeys(member.publicKey(), member.signingPublicKey())) {
                wraps.add(crypto.wrap(key, scope, ownerId, userId, member.publicKey(), userKey));
            }
            confirmed.add(member.fingerprint());
        }
        append(verified, verified.roster().next(new ArrayList<>(members.values())), wraps);
        return confirmed;
    }

    /** Signs a role change of someone in the roster (Admin and Member both hold the key). */
    public void changeRole(KeyScope scope, long ownerId, long userId, KeyRoster.Role role) {
        VerifiedRoster verified = signerRoster(scope, ownerId);
        Optional<KeyRoster.Member> current = verified.roster().member(userId);
        if (current.isEmpty() || current.get().role() == role) {
            return;
        }
        List<KeyRoster.Member> members = new ArrayList<>();
        for (KeyRoster.Member m : verified.roster().members()) {
            members.add(m.userId() == userId
                    ? new KeyRoster.Member(m.userId(), role, m.publicKey(), m.signingPublicKey(), m.email()) : m);
        }
        append(verified, verified.roster().next(members), List.of());
    }

    private void append(VerifiedRoster verified, KeyRoster next, List<KeyWrap> wraps) {
        repository.appendRoster(sign(next), wraps);
        rosters.remove(new ChainId(next.scope(), next.ownerId()));
        roster(next.scope(), next.ownerId());
    }

    /** The fresh roster, with the signed-in user an Admin in it (else they cannot sign the next one). */
    private VerifiedRoster signerRoster(KeyScope scope, long ownerId) {
        rosters.remove(new ChainId(scope, ownerId));
        int version = repository.currentVersion(scope, ownerId);
        if (version == 0) {
            throw QodexException.notFound("The organization has no key yet: an organization admin creates it on sign-in.");
        }
        VerifiedRoster verified = verifiedCovering(scope, ownerId, version);
        boolean signer = verified.roster().member(me()).filter(m -> m.role() == KeyRoster.Role.ADMIN)
                .map(m -> Arrays.equals(m.signingPublicKey(), userKey.signingPublicKey())).orElse(false);
        if (!signer) {
            throw QodexException.notAllowed("You are not an Admin in the signed key roster of " + describe(scope, ownerId)
                    + " (yet): another Admin must confirm you first.");
        }
        return verified;
    }

    // ------------------------------------------------------------------ organization key

    /** An org admin's client creates the organization key, and its first roster, when there is none yet. */
    public void ensureOrgKey(long orgId) {
        if (!account.organizations().administers(orgId) || repository.currentVersion(KeyScope.ORG, orgId) > 0) {
            return;
        }
        try (SymmetricKey fresh = crypto.newSymmetricKey(1)) {
            KeyWrap mine = crypto.wrap(fresh, KeyScope.ORG, orgId, me(), userKey.publicKey(), userKey);
            KeyRoster first = KeyRoster.first(KeyScope.ORG, orgId, KeyRoster.Origin.CREATED, 1,
                    crypto.commitment(fresh, KeyScope.ORG, orgId), List.of(self(KeyRoster.Role.ADMIN)));
            repository.createOrgKey(orgId, mine, sign(first));
        }
    }

    /**
     * An organization key made before signed rosters: its admin who holds it signs the first roster (only themselves:
     * everyone else is confirmed explicitly).
     */
    public boolean signMigratedOrgRoster(long orgId) {
        int version = repository.currentVersion(KeyScope.ORG, orgId);
        if (!account.organizations().administers(orgId) || version == 0 || roster(KeyScope.ORG, orgId).isPresent()) {
            return false;
        }
        Optional<KeyWrap> mine = repository.myWrap(KeyScope.ORG, orgId, version);
        if (mine.isEmpty()) {
            return false;
        }
        try (SymmetricKey key = crypto.unwrap(mine.get(), userKey)) {
            KeyRoster first = KeyRoster.first(KeyScope.ORG, orgId, KeyRoster.Origin.MIGRATED, version,
                    crypto.commitment(key, KeyScope.ORG, orgId), List.of(self(KeyRoster.Role.ADMIN)));
            repository.appendRoster(sign(first), List.of());
        }
        return true;
    }

    /** Signs the first roster of legacy projects among those the user administers (and holds the key of). */
    public int signMigratedRosters(List<Long> administered) {
        int signed = 0;
        for (long projectId : administered) {
            if (roster(KeyScope.PROJECT, projectId).isEmpty() && signMigratedRoster(projectId).isPresent()) {
                signed++;
            }
        }
        return signed;
    }

    // ------------------------------------------------------------------ rotation

    /**
     * Rotates a project's key: a new version wrapped for the people in the signed roster who still hold a key role
     * with the keys they were confirmed with, a new roster, and every secret re-encrypted, in one transaction;
     * optionally removing a member in the same transaction.
     */
    public Rotation rotate(long projectId, String projectName, OptionalLong removeUserId) {
        VerifiedRoster verified = signerRoster(KeyScope.PROJECT, projectId);
        int current = repository.currentVersion(KeyScope.PROJECT, projectId);
        requireCurrent(verified, KeyScope.PROJECT, projectId, current);
        Map<Long, KeyCandidate> candidates = new LinkedHashMap<>();
        repository.candidates(KeyScope.PROJECT, projectId).forEach(c -> candidates.put(c.userId(), c));
        List<KeyRoster.Member> recipients = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (KeyRoster.Member member : verified.roster().members()) {
            KeyCandidate candidate = candidates.get(member.userId());
            if (removeUserId.isPresent() && removeUserId.getAsLong() == member.userId() || candidate == null) {
                continue;
            }
            if (candidate.publicKey().isEmpty() || candidate.signingPublicKey().isEmpty()
                    || !member.sameKeys(candidate.publicKey().get(), candidate.signingPublicKey().get())) {
                leftOut.add(member.email());
                LOG.warn("KEY CHANGED: {} is left out of the new key of {}: their keys differ from the confirmed ones",
                        member.email(), projectName);
                continue;
            }
            KeyRoster.Role role = member.role() == KeyRoster.Role.ADMIN && candidate.role() == KeyRoster.Role.ADMIN
                    ? KeyRoster.Role.ADMIN : KeyRoster.Role.MEMBER;
            recipients.add(new KeyRoster.Member(member.userId(), role, member.publicKey(), member.signingPublicKey(),
                    member.email()));
        }
        if (recipients.stream().noneMatch(m -> m.userId() == me())) {
            throw QodexException.notAllowed("You would not hold the new key of " + projectName + " yourself: refused.");
        }
        SymmetricKey next = crypto.newSymmetricKey(current + 1);
        AtomicInteger reencrypted = new AtomicInteger();
        try {
            KeyRoster roster = verified.roster().nextWithKey(next.version(),
                    crypto.commitment(next, KeyScope.PROJECT, projectId), recipients);
            List<KeyWrap> wraps = new ArrayList<>(recipients.stream()
                    .map(r -> crypto.wrap(next, KeyScope.PROJECT, projectId, r.userId(), r.publicKey(), userKey)).toList());
            wraps.addAll(ApiKeyGrant.wrapsFor(repository.apiKeyGrants(projectId), recipients, next, crypto, userKey,
                    java.time.Instant.now()));
            int version = repository.rotateProjectKey(projectId, current, removeUserId, sign(roster), wraps,
                    reencryptingUnder(projectId, next, reencrypted));
            SymmetricKey previous = keys.put(new KeyId(KeyScope.PROJECT, projectId, version), next);
            if (previous != null) {
                previous.close();
            }
            rosters.remove(new ChainId(KeyScope.PROJECT, projectId));
            roster(KeyScope.PROJECT, projectId);
            LOG.info("Rotated the key of project {} to version {}", projectName, version);
            int swept = 0;
            try {
                swept = sweep(projectId);
            } catch (QodexException e) { // the rotation is done; the next sweep tries again
                LOG.warn("Secrets of project {} left under an older key could not be re-encrypted yet: {}", projectName,
                        e.getMessage());
            }
            return new Rotation(version, reencrypted.get() + swept, List.copyOf(leftOut));
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
    }

    /**
     * Re-encrypts under the current key the project's secrets still stored under an older one: written by someone
     * whose transaction overlapped a rotation, or locked while it ran (a rotation never waits for them). Returns how
     * many it changed; rows still locked are left for the next sweep (an Admin's client sweeps on sign-in).
     */
    public int sweep(long projectId) {
        if (!holdsKey(KeyScope.PROJECT, projectId)) {
            return 0;
        }
        SymmetricKey current = currentKey(KeyScope.PROJECT, projectId);
        int swept = repository.reencryptStale(projectId, current.version(),
                reencryptingUnder(projectId, current, new AtomicInteger()));
        if (swept > 0) {
            LOG.info("Re-encrypted {} secrets of project {} left under an older key", swept, projectId);
        }
        return swept;
    }

    /** Sweeps every project the user administers that has secrets under an older key; returns how many it changed. */
    public int sweepAll(Collection<Long> administered) {
        int swept = 0;
        for (long projectId : repository.projectsWithStaleSecrets()) {
            if (administered.contains(projectId)) {
                try {
                    swept += sweep(projectId);
                } catch (QodexException e) {
                    LOG.warn("Secrets of project {} left under an older key could not be re-encrypted yet: {}",
                            projectId, e.getMessage());
                }
            }
        }
        return swept;
    }

    private KeyRotation reencryptingUnder(long projectId, SymmetricKey next, AtomicInteger count) {
        return (stored, newVersion) -> {
            SecretField field = stored.field();
            String associatedData = field.associatedData(stored.ownerId(), stored.rowId());
            SymmetricKey old = key(KeyScope.PROJECT, projectId, crypto.versionOf(stored.ciphertext()));
            try (var plain = crypto.decrypt(old, associatedData, stored.ciphertext())) {
                count.incrementAndGet();
                return new StoredSecret(field, stored.ownerId(), stored.rowId(), crypto.encrypt(next, associatedData, plain));
            }
        };
    }

    // ------------------------------------------------------------------ helpers

    private static String describe(KeyScope scope, long ownerId) {
        return scope == KeyScope.PROJECT ? "project #" + ownerId : "the organization";
    }

    private static QodexException noKey(KeyScope scope, int version) {
        return QodexException.notAllowed(scope == KeyScope.PROJECT
                ? "You hold no key of this project (version " + version + "): Viewers read no secret, and Admins or "
                        + "Members wait until an Admin confirms their key fingerprint."
                : "You hold no key of the organization yet: an organization admin confirms you for it.");
    }

    @Override
    public void close() {
        keys.values().forEach(SymmetricKey::close);
        keys.clear();
        rosters.clear();
    }
}
