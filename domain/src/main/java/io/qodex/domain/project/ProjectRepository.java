package io.qodex.domain.project;

import io.qodex.domain.secret.KeyRing;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The signed-in user's projects, through row-level security: reading them, checking a slug and creating one (a
 * security function with the first key wrap and roster). Renaming and archiving are {@link ProjectChanges}.
 */
public interface ProjectRepository {

    /** Every project the user is a member of, archived ones included, by name. */
    List<Project> listMine();

    Optional<Project> bySlug(Slug slug);

    Optional<Project> byId(long projectId);

    /**
     * Creates the project (the caller becomes its Admin, key version 1) and stores the creator's wrap of the new
     * project key and the project's first signed roster, both made from the new project's id, in the same transaction.
     */
    Project create(ProjectName name, Slug slug, LongFunction<KeyRing.ProjectKeyStart> keyStart);

    /** Whether no project uses the slug yet (for live validation; creating still checks). */
    boolean slugAvailable(Slug slug);
}
