package io.qodex.domain.project;

import io.qodex.domain.account.SignedIn;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.domain.secret.KeyRing;
import io.qodex.domain.secret.SymmetricKey;
import java.util.List;

/** The user's projects; creating one also creates its key and its first signed key roster. */
public final class ProjectService {

    private final SignedIn user;
    private final KeyCrypto crypto;
    private final KeyRing keyRing;

    public ProjectService(SignedIn user, KeyCrypto crypto, KeyRing keyRing) {
        this.user = user;
        this.crypto = crypto;
        this.keyRing = keyRing;
    }

    public List<Project> list() {
        return user.session().projects().listMine();
    }

    public Project bySlug(String slug) {
        Slug parsed = Slug.parse(slug);
        return user.session().projects().bySlug(parsed).orElseThrow(() -> QodexException.notFound(
                "No project with the slug \"" + parsed + "\", or you are not a member of it."));
    }

    public Project create(String name, String slug) {
        ProjectName projectName = ProjectName.parse(name);
        Slug projectSlug = Slug.parse(slug);
        if (!user.account().verified()) {
            throw QodexException.notAllowed("Verify your email address before creating a project.");
        }
        try (SymmetricKey key = crypto.newSymmetricKey(1)) {
            return user.session().projects().create(projectName, projectSlug,
                    projectId -> keyRing.startProject(projectId, key));
        }
    }

    /** Whether a slug is free; false also for a malformed one. */
    public boolean slugAvailable(String slug) {
        if (Slug.problemWith(slug == null ? "" : slug.strip()) != null) {
            return false;
        }
        return user.session().projects().slugAvailable(Slug.parse(slug));
    }

    public Project rename(Project project, String newName) {
        requireAdmin(project, "rename it");
        return user.session().projects().rename(project.id(), project.version(), ProjectName.parse(newName));
    }

    public Project setArchived(Project project, boolean archived) {
        requireAdmin(project, archived ? "archive it" : "restore it");
        return user.session().projects().setArchived(project.id(), project.version(), archived);
    }

    private static void requireAdmin(Project project, String what) {
        if (project.myRole() != ProjectRole.ADMIN) {
            throw QodexException.notAllowed("Only an Admin of " + project.name() + " can " + what + ".");
        }
    }
}
