package io.qodex.domain.project;

/**
 * Changes to a project's own settings under its optimistic version (Admins): rename, archive and restore. A change
 * against a version that moved on is a CONFLICT; one that row-level security hides is NOT_ALLOWED.
 */
public interface ProjectChanges {

    Project rename(long projectId, long expectedVersion, ProjectName name);

    Project setArchived(long projectId, long expectedVersion, boolean archived);
}
