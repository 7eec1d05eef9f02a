package io.qodex.domain.project;

import java.time.Instant;
import java.util.Optional;

/** A project as the signed-in user sees it, with their role in it and the organization it belongs to. */
public record Project(long id, Slug slug, String name, ProjectRole myRole, int keyVersion, boolean rotationNeeded,
                      Optional<Instant> archivedAt, long version, long orgId) {

    public boolean archived() {
        return archivedAt.isPresent();
    }

    /** The project-scoped route of a section, e.g. {@code /p/shop/members}. */
    public String route(String section) {
        return "/p/" + slug.value() + (section.isEmpty() ? "" : "/" + section);
    }
}
