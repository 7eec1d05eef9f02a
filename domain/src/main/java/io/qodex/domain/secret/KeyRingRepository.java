package io.qodex.domain.secret;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Wrapped project and organization keys, through row-level security (a user reads only their own wraps). */
public interface KeyRingRepository {

    /** The current key version of a project or organization (0: the organization has no key yet). */
    int currentVersion(KeyScope scope, long ownerId);

    Optional<KeyWrap> myWrap(KeyScope scope, long ownerId, int version);

    /** Members whose wrap of the current key is missing and whom the caller (an Admin) can serve. */
    List<PendingShare> pendingShares(KeyScope scope);

    void addWraps(List<KeyWrap> wraps);

    /** Creates the organization key (version 1) with the caller's wrap, unless it exists. Returns the version. */
    int createOrgKey(long orgId, KeyWrap wrapForCaller);

    List<KeyRecipient> projectRecipients(long projectId);

    /**
     * In one transaction: optionally removes a member, starts key version {@code expectedVersion + 1}, stores the
     * wraps the rotation makes for the remaining Admins and Members, and re-encrypts every secret of the project.
     * If anything fails, nothing changes. Returns the new version.
     */
    int rotateProjectKey(long projectId, int expectedVersion, OptionalLong removeUserId, KeyRotation rotation);
}
