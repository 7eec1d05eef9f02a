package io.qodex.domain.secret;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Wrapped keys, signed rosters and the user's pins, through row-level security (a user reads only their own wraps). */
public interface KeyRingRepository {

    /** The current key version of a project or organization as the database says (0: the organization has none). */
    int currentVersion(KeyScope scope, long ownerId);

    Optional<KeyWrap> myWrap(KeyScope scope, long ownerId, int version);

    /** The stored rosters of a chain from {@code fromEpoch} on, oldest first (empty if there is none). */
    List<SignedRoster> rosters(KeyScope scope, long ownerId, int fromEpoch);

    /** The people the database lists as entitled to the key (Admins and Members; verified org members), with keys. */
    List<KeyCandidate> candidates(KeyScope scope, long ownerId);

    /** The live API keys of the project that hold its key, with their creators' signed grants (decision 0031). */
    List<ApiKeyGrant> apiKeyGrants(long projectId);

    /** Who created the project (the first roster of a project that began with one must be signed by them). */
    OptionalLong projectCreator(long projectId);

    Optional<RosterPin> myPin(KeyScope scope, long ownerId);

    void savePin(RosterPin pin);

    /** In one transaction: appends the roster (its epoch must follow the stored ones) and stores the wraps. */
    void appendRoster(SignedRoster roster, List<KeyWrap> wraps);

    /** Creates the organization key (version 1) with the caller's wrap and its first roster, unless it exists. */
    int createOrgKey(long orgId, KeyWrap wrapForCaller, SignedRoster first);

    /**
     * In one transaction: optionally removes a member, starts key version {@code expectedVersion + 1}, appends the
     * roster, stores the wraps and re-encrypts every secret of the project. If anything fails, nothing changes.
     */
    int rotateProjectKey(long projectId, int expectedVersion, OptionalLong removeUserId, SignedRoster roster,
                         List<KeyWrap> wraps, KeyRotation rotation);

    /**
     * Re-encrypts under {@code currentVersion} the project's secrets still stored under another version (written while
     * a rotation ran, or locked by someone while it did); skips rows locked right now. Returns how many it changed.
     */
    int reencryptStale(long projectId, int currentVersion, KeyRotation rotation);

    /** The projects the caller sees that have a secret stored under another version than the current one. */
    Set<Long> projectsWithStaleSecrets();
}
