package io.qodex.domain.project;

import io.qodex.domain.secret.KeyRing;
import java.util.List;
import java.util.Optional;

/**
 * The signed-in user's projects, through row-level security: reading them, checking a slug and creating one (a
 * security function, with the first key wrap and roster). Renaming and archiving are {@link ProjectChanges}.
 */
public interface ProjectRepository {

    /** Every project the user is a member of, archived ones included, by name. */
    List<Project> listMine();

    Optional<Project> bySlug(Slug slug);

    Optional<Project> byId(long projectId);

    /**
     * A new project's id, allocated to the signed-in user before anything is made for the project: its key's wrap and
     * first roster bind the id (docs/decisions/0021).
     */
    long allocateId();

    /**
     * Creates the project under its allocated id (the caller becomes its Admin, key version 1) with the creator's wrap
     * of the new project key and the project's first signed roster, all in one transaction.
     */
    Project create(long id, ProjectName name, Slug slug, KeyRing.ProjectKeyStart keyStart);

    /** Whether no project uses the slug yet (for live validation; creating still checks). */
    boolean slugAvailable(Slug slug);
}
