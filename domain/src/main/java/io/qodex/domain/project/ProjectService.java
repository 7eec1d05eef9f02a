package io.qodex.domain.project;

import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.domain.secret.KeyRing;
import io.qodex.domain.secret.SymmetricKey;
import java.util.List;
import java.util.OptionalLong;

/** The user's projects; creating one also creates its key and its first signed key roster. */
public final class ProjectService {

    private final Account account;
    private final ProjectRepository repository;
    private final ProjectChanges changes;
    private final KeyCrypto crypto;
    private final KeyRing keyRing;

    public ProjectService(Account account, ProjectRepository repository, ProjectChanges changes, KeyCrypto crypto,
                          KeyRing keyRing) {
        this.account = account;
        this.repository = repository;
        this.changes = changes;
        this.crypto = crypto;
        this.keyRing = keyRing;
    }

    public List<Project> list() {
        return repository.listMine();
    }

    public Project bySlug(String slug) {
        Slug parsed = Slug.parse(slug);
        return repository.bySlug(parsed).orElseThrow(() -> QodexException.notFound(
                "No project with the slug \"" + parsed + "\", or you are not a member of it."));
    }

    public Project create(String name, String slug) {
        ProjectName projectName = ProjectName.parse(name);
        Slug projectSlug = Slug.parse(slug);
        if (!account.verified()) {
            throw QodexException.notAllowed("Verify your email address before creating a project.");
        }
        if (account.orgId() == 0) {
            throw QodexException.notAllowed("You belong to no organization yet, and a project is created in one: create "
                    + "one (qodex org create --name NAME) or accept an invitation to one (qodex invitations).");
        }
        long id = repository.allocateId();
        try (SymmetricKey key = crypto.newSymmetricKey(1)) {
            return repository.create(id, projectName, projectSlug, keyRing.startProject(id, key));
        }
    }

    /**
     * Rotates the project's key: a new version for those in its signed roster who still hold a key role, every secret
     * re-encrypted in one transaction (optionally removing a member in it). Admins only.
     */
    public KeyRing.Rotation rotateKey(Project project, OptionalLong removeUserId) {
        requireAdmin(project, "rotate its key");
        return keyRing.rotate(project.id(), project.name(), removeUserId);
    }

    /** Whether a slug is free; false also for a malformed one. */
    public boolean slugAvailable(String slug) {
        if (Slug.problemWith(slug == null ? "" : slug.strip()) != null) {
            return false;
        }
        return repository.slugAvailable(Slug.parse(slug));
    }

    public Project rename(Project project, String newName) {
        requireAdmin(project, "rename it");
        return changes.rename(project.id(), project.version(), ProjectName.parse(newName));
    }

    public Project setArchived(Project project, boolean archived) {
        requireAdmin(project, archived ? "archive it" : "restore it");
        return changes.setArchived(project.id(), project.version(), archived);
    }

    private static void requireAdmin(Project project, String what) {
        if (project.myRole() != ProjectRole.ADMIN) {
            throw QodexException.notAllowed("Only an Admin of " + project.name() + " can " + what + ".");
        }
    }
}
