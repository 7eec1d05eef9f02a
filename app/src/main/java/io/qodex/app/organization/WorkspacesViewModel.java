package io.qodex.app.organization;

import io.qodex.app.common.Background;
import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.runtime.config.AppState;
import io.qodex.domain.account.OrgMembership;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.organization.OrgInvitation;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The sidebar's workspace switcher (decision 0030): the user's organizations, the current one (remembered per account
 * in QODEX_HOME, shared with {@code qodex org use}), invitations to organizations, and creating one. Everything that
 * reads or writes the database or the state file runs off the FX thread; the lists change on it.
 */
public final class WorkspacesViewModel {

    private final Workspace workspace;
    private final AppState state;
    private final Consumer<String> notices;
    private final Consumer<QodexException> failures;
    private final Runnable switched;
    private final ObservableList<OrgMembership> organizations = FXCollections.observableArrayList();
    private final ObservableList<OrgInvitation> invitations = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<@Nullable OrgMembership> current = new ReadOnlyObjectWrapper<>();

    private record Loaded(List<OrgMembership> organizations, List<OrgInvitation> invitations) {
    }

    /** {@code switched} runs on the FX thread whenever the current organization changed (the project list follows). */
    public WorkspacesViewModel(Workspace workspace, AppState state, Consumer<String> notices,
                               Consumer<QodexException> failures, Runnable switched) {
        this.workspace = workspace;
        this.state = state;
        this.notices = notices;
        this.failures = failures;
        this.switched = switched;
    }

    public ObservableList<OrgMembership> organizations() {
        return organizations;
    }

    public ObservableList<OrgInvitation> invitations() {
        return invitations;
    }

    public ReadOnlyObjectProperty<@Nullable OrgMembership> currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** Reads the memberships and invitations again; the first time, makes the remembered organization current. */
    public void load() {
        Tasks.run(() -> {
                    List<OrgMembership> mine = workspace.organizations().list();
                    state.currentOrganization(email()).flatMap(workspace.account().organizations()::bySlug)
                            .ifPresent(org -> workspace.account().organizations().select(org.slug()));
                    return new Loaded(mine, workspace.organizations().invitations());
                })
                .onSuccess(loaded -> {
                    organizations.setAll(loaded.organizations());
                    invitations.setAll(loaded.invitations());
                    showCurrent();
                })
                .onError(failures)
                .start();
    }

    /** Makes {@code chosen} current (and remembers it for this account). */
    public void use(OrgMembership chosen) {
        OrgMembership now = current.get();
        if (now != null && now.orgId() == chosen.orgId()) {
            return;
        }
        Tasks.run(() -> {
                    OrgMembership used = workspace.organizations().use(chosen.slug());
                    state.rememberOrganization(email(), used.slug());
                    return used;
                })
                .on(Background.state())
                .onSuccess(used -> showCurrent())
                .onError(failures)
                .start();
    }

    /** Creates an organization; the user is its admin and it becomes current. */
    public void create(String name, String slug, Consumer<@Nullable String> done) {
        Tasks.run(() -> {
                    OrgMembership created = workspace.organizations().create(name, slug);
                    state.rememberOrganization(email(), created.slug());
                    return created;
                })
                .onSuccess(created -> {
                    organizations.setAll(workspace.account().organizations().all());
                    showCurrent();
                    notices.accept("Created the organization " + created.name() + "; you are its admin.");
                    done.accept(null);
                })
                .onError(problem -> done.accept(problem.getMessage()))
                .start();
    }

    public void accept(OrgInvitation invitation) {
        Tasks.run(() -> {
                    OrgMembership joined = workspace.organizations().accept(invitation.slug());
                    state.rememberOrganization(email(), joined.slug());
                    return joined;
                })
                .onSuccess(joined -> {
                    notices.accept("You joined the organization " + joined.name() + " as "
                            + OrgMembersViewModel.label(joined.role()) + ".");
                    load();
                })
                .onError(failures)
                .start();
    }

    public void decline(OrgInvitation invitation) {
        Tasks.run(() -> {
                    workspace.organizations().decline(invitation.slug());
                    return invitation;
                })
                .onSuccess(declined -> {
                    notices.accept("Declined the invitation to the organization " + declined.name() + ".");
                    load();
                })
                .onError(failures)
                .start();
    }

    private void showCurrent() {
        OrgMembership now = workspace.account().organizations().current().orElse(null);
        OrgMembership before = current.get();
        current.set(now);
        if (before == null ? now != null : now == null || before.orgId() != now.orgId()) {
            switched.run();
        }
    }

    private String email() {
        return workspace.account().email().value();
    }
}
