package io.qodex.domain.spend;

/** Whose spend: one project (its members), or a whole organization (org admins, broken down per project). */
public sealed interface SpendScope {

    record OfProject(long projectId) implements SpendScope {
    }

    record OfOrganization(long orgId) implements SpendScope {
    }
}
