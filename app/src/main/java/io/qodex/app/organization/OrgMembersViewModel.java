package io.qodex.app.organization;

import io.qodex.app.common.Tasks;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.organization.OrgMember;
import io.qodex.domain.organization.OrganizationService;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The members of the current organization, for its admins (decision 0030): who is in it with which role, open
 * invitations, inviting an address, changing a role, removing someone. The database refuses what an admin may not do
 * (the last admin stays); the refusal is shown as it comes.
 */
public final class OrgMembersViewModel {

    private final OrganizationService organizations;
    private final ObservableList<OrgMember> members = FXCollections.observableArrayList();
    private final StringProperty email = new SimpleStringProperty("");
    private final ObjectProperty<OrgRole> role = new SimpleObjectProperty<>(OrgRole.MEMBER);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Feedback> feedback = new ReadOnlyObjectWrapper<>(Feedback.NONE);
    private final BooleanBinding canInvite = email.isEmpty().or(busy).not();

    public OrgMembersViewModel(OrganizationService organizations) {
        this.organizations = organizations;
    }

    static String label(OrgRole role) {
        return switch (role) {
            case ADMIN -> "Admin";
            case MEMBER -> "Member";
            case NONE -> "None";
        };
    }

    public ObservableList<OrgMember> members() {
        return members;
    }

    public StringProperty emailProperty() {
        return email;
    }

    public ObjectProperty<OrgRole> roleProperty() {
        return role;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Feedback> feedbackProperty() {
        return feedback.getReadOnlyProperty();
    }

    public BooleanBinding canInviteProperty() {
        return canInvite;
    }

    public void load() {
        Tasks.run(organizations::members)
                .onSuccess(members::setAll)
                .onError(problem -> feedback.set(Feedback.refused(problem.getMessage())))
                .start();
    }

    /** Invites the typed address with the chosen role; the person joins when they accept. */
    public void invite() {
        if (!canInvite.get()) {
            return;
        }
        String address = email.get().strip();
        OrgRole chosen = role.get();
        run(() -> organizations.add(address, chosen), "Invited " + address + " as " + label(chosen)
                + "; they join when they accept, signed in with that address.", true);
    }

    public void changeRole(OrgMember member, OrgRole to) {
        run(() -> organizations.changeRole(member.email(), to), member.email() + " is now " + label(to) + ".", false);
    }

    public void remove(OrgMember member) {
        run(() -> organizations.remove(member.email()), member.invited() ? "Withdrew the invitation of "
                + member.email() + "." : "Removed " + member.email() + ".", false);
    }

    private void run(Runnable change, String done, boolean clearEmail) {
        busy.set(true);
        feedback.set(Feedback.NONE);
        Tasks.run(change)
                .onSuccess(nothing -> {
                    feedback.set(Feedback.done(done));
                    if (clearEmail) {
                        email.set("");
                    }
                    load();
                })
                .onError(problem -> feedback.set(Feedback.refused(problem.getMessage())))
                .onFinally(() -> busy.set(false))
                .start();
    }
}
