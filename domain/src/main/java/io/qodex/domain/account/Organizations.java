package io.qodex.domain.account;

import io.qodex.domain.common.QodexException;
import java.util.List;
import java.util.Optional;

/**
 * The organizations of a signed-in user and which one is current (decision 0030): new projects go there, and its
 * platform key, prices, caps, spend and members are what the org commands and pages act on. Shared by the threads of
 * one workspace: each read sees one consistent selection. The database checks every membership again; this is only
 * the client's choice of where to act.
 */
public final class Organizations {

    private record State(List<OrgMembership> all, Optional<OrgMembership> current) {
    }

    private volatile State state;

    public Organizations(List<OrgMembership> all) {
        this.state = new State(List.copyOf(all), all.stream().findFirst());
    }

    public List<OrgMembership> all() {
        return state.all();
    }

    public Optional<OrgMembership> current() {
        return state.current();
    }

    public Optional<OrgMembership> bySlug(String slug) {
        return state.all().stream().filter(m -> m.slug().equals(slug)).findFirst();
    }

    public Optional<OrgMembership> byId(long orgId) {
        return state.all().stream().filter(m -> m.orgId() == orgId).findFirst();
    }

    /** Whether the user administers the organization (as last read). */
    public boolean administers(long orgId) {
        return byId(orgId).map(OrgMembership::admin).orElse(false);
    }

    /** Makes the organization with this slug current; refused when the user is not a member of it. */
    public synchronized OrgMembership select(String slug) {
        OrgMembership chosen = bySlug(slug).orElseThrow(() -> QodexException.notFound("You are not a member of an "
                + "organization \"" + slug + "\" (qodex org list shows yours)."));
        state = new State(state.all(), Optional.of(chosen));
        return chosen;
    }

    /** New memberships as read again: the current one stays if it is still among them (with its new role). */
    public synchronized void replace(List<OrgMembership> fresh) {
        Optional<OrgMembership> current = state.current().flatMap(c -> fresh.stream()
                .filter(m -> m.orgId() == c.orgId()).findFirst());
        state = new State(List.copyOf(fresh), current.isPresent() ? current : fresh.stream().findFirst());
    }
}
