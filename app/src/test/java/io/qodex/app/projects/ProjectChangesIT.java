package io.qodex.app.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.Memberships;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectName;
import io.qodex.domain.project.ProjectRole;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renaming and archiving a project (Hibernate, under the project's version) and reading it back (SQL), as the users
 * themselves: a stale version is a conflict, a change row-level security hides is refused (docs/decisions/0021).
 */
class ProjectChangesIT {

    private static final String PASSWORD = "lantern-harbor-58k";

    private static TestDatabase db;
    private static Backend backend;
    private static Workspace olivia;
    private static Workspace max;

    @BeforeAll
    static void setUp() {
        db = TestPostgres.freshDatabase();
        backend = TestBackends.open(db);
        olivia = user("olivia@example.com");
        Project shop = olivia.projects().create("Shop Web", "shop");
        max = user("max@example.com");
        Memberships.join(backend, olivia, shop, "max@example.com", PASSWORD, ProjectRole.MEMBER);
    }

    @AfterAll
    static void tearDown() {
        max.close();
        olivia.close();
        backend.close();
        db.close();
    }

    private static Workspace user(String email) {
        try (Secret password = Secret.copyOf(PASSWORD)) {
            backend.accounts().signUp(email, password);
        }
        backend.accounts().verify(email, db.codeFromMail(email, "Verification code"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
        try (Secret password = Secret.copyOf(PASSWORD)) {
            return backend.signIn(email, password);
        }
    }

    @Test
    void renameArchiveAndRestoreMoveTheVersionOnAndReadBack() {
        Project loaded = olivia.projects().bySlug("shop");
        Project renamed = olivia.projects().rename(loaded, "Shop Web EU");
        assertThat(renamed.name()).isEqualTo("Shop Web EU");
        assertThat(renamed.myRole()).isEqualTo(ProjectRole.ADMIN);
        assertThat(renamed.version()).isGreaterThan(loaded.version());

        Project archived = olivia.projects().setArchived(renamed, true);
        assertThat(archived.archivedAt()).isPresent();
        assertThat(max.projects().bySlug("shop").archivedAt()).isPresent();
        Project restored = olivia.projects().setArchived(archived, false);
        assertThat(restored.archivedAt()).isEmpty();
        assertThat(olivia.projects().list()).extracting(Project::name).containsExactly(restored.name());
    }

    @Test
    void aChangeAgainstAVersionThatMovedOnIsAConflict() {
        Project stale = olivia.projects().bySlug("shop");
        olivia.projects().rename(stale, "Shop Web " + stale.version());
        assertThatThrownBy(() -> olivia.projects().rename(stale, "Shop Web stale"))
                .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CONFLICT));
        assertThat(olivia.projects().bySlug("shop").name()).isNotEqualTo("Shop Web stale");
    }

    @Test
    void aMemberPastTheServiceIsRefusedByTheDatabaseNotMistakenForAConflict() {
        Project asMax = max.projects().bySlug("shop");
        assertThatThrownBy(() -> max.user().session().projectChanges().rename(asMax.id(), asMax.version(),
                ProjectName.parse("Taken over")))
                .isInstanceOfSatisfying(QodexException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));
        assertThat(olivia.projects().bySlug("shop").name()).isNotEqualTo("Taken over");
    }
}
