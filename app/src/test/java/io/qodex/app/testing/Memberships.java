package io.qodex.app.testing;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.Secret;
import io.qodex.domain.member.Member;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.util.Optional;

/** The whole way into a project, as people do it: an Admin invites, the person accepts, an Admin confirms their key. */
public final class Memberships {

    private Memberships() {
    }

    /** {@code email} (a verified account with {@code password}) joins {@code project} with {@code role}. */
    public static void join(Backend backend, Workspace admin, Project project, String email, String password,
                            ProjectRole role) {
        admin.members().invite(project, email, role);
        try (Workspace member = backend.signIn(email, Secret.copyOf(password))) {
            member.members().accept(member.members().invitation(project.slug().value()));
        }
        if (role.holdsProjectKey()) {
            admin.members().confirm(project, member(admin, project, email));
        }
    }

    /** An org admin gives a verified member of the organization the organization key. */
    public static void confirmForOrganization(Workspace orgAdmin, String email) {
        orgAdmin.orgKeys().confirm(email, Optional.empty());
    }

    public static Member member(Workspace viewer, Project project, String email) {
        return viewer.members().list(project).stream().filter(m -> m.email().value().equals(email)).findFirst()
                .orElseThrow(() -> new AssertionError(email + " is not in " + project.slug()));
    }
}
