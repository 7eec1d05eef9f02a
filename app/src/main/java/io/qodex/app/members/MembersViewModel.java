package io.qodex.app.members;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.common.Shell;
import io.qodex.domain.account.Email;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.member.Member;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Members of a project: list with role and key state; Admins invite, change roles and remove; anyone leaves.
 * The database decides; its refusals (last Admin, not allowed) come back as sentences in {@link #messageProperty()}.
 */
public final class MembersViewModel {

    private final Workspace workspace;
    private final Shell main;
    private final Project project;
    private final ObservableList<Member> members = FXCollections.observableArrayList();
    private final StringProperty inviteEmail = new SimpleStringProperty("");
    private final ObjectProperty<ProjectRole> inviteRole = new SimpleObjectProperty<>(ProjectRole.MEMBER);
    private final ReadOnlyStringWrapper inviteError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty loading = new SimpleBooleanProperty(false);

    public MembersViewModel(Workspace workspace, Project project, Shell main) {
        this.workspace = workspace;
        this.project = project;
        this.main = main;
        inviteEmail.addListener((obs, old, now) -> inviteError.set(""));
    }

    public ObservableList<Member> members() {
        return members;
    }

    public StringProperty inviteEmailProperty() {
        return inviteEmail;
    }

    public ObjectProperty<ProjectRole> inviteRoleProperty() {
        return inviteRole;
    }

    public ReadOnlyStringProperty inviteErrorProperty() {
        return inviteError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public Project project() {
        return project;
    }

    public boolean admin() {
        return project.myRole() == ProjectRole.ADMIN;
    }

    /** Why the remove button of this member is off: the project's only Admin (the database refuses it anyway). */
    public static final String ONLY_ADMIN = "A project must keep at least one Admin: make someone else Admin first.";

    /** Whether this member is the project's only active Admin. */
    public boolean onlyAdmin(Member member) {
        return member.role() == ProjectRole.ADMIN && !member.invited()
                && members.stream().filter(m -> m.role() == ProjectRole.ADMIN && !m.invited()).count() == 1;
    }

    public boolean isMe(Member member) {
        return member.userId().isPresent() && member.userId().getAsLong() == workspace.account().userId();
    }

    /** Members an Admin can confirm now (compare the fingerprint, then confirm). */
    public long awaitingConfirmation() {
        return members.stream().filter(Member::awaitsConfirmation).count();
    }

    /** The signed-in user's own key fingerprint, to read to an Admin who confirms them. */
    public String myFingerprint() {
        return workspace.keyRing().myFingerprint().phrase();
    }

    public void load() {
        loading.set(true);
        Tasks.run(() -> workspace.members().list(project))
                .onSuccess(members::setAll)
                .onError(this::show)
                .onFinally(() -> loading.set(false))
                .start();
    }

    public void invite() {
        Email address;
        try {
            address = Email.parse(inviteEmail.get());
        } catch (QodexException e) {
            inviteError.set(e.getMessage());
            return;
        }
        ProjectRole role = inviteRole.get();
        act(() -> {
            workspace.members().invite(project, address.value(), role);
            workspace.backend().relayMail();
            return "Invited " + address + " as " + role.label() + ": they join when they accept"
                    + (role.holdsProjectKey() ? "; then confirm their key fingerprint here." : ".");
        }, () -> inviteEmail.set(""));
    }

    public void changeRole(Member member, ProjectRole role) {
        if (member.role() == role) {
            return;
        }
        act(() -> {
            workspace.members().changeRole(project, member, role);
            return member.email() + " is now " + role.label() + "."
                    + (member.role().holdsProjectKey() && !role.holdsProjectKey() ? " The project key was rotated." : "");
        }, () -> { });
    }

    public void remove(Member member) {
        act(() -> {
            workspace.members().remove(project, member);
            return member.invited() ? "Cancelled the invitation of " + member.email() + "."
                    : "Removed " + member.email() + "." + (member.role().holdsProjectKey()
                    ? " The project key was rotated: they cannot read what is written from now on." : "");
        }, () -> { });
    }

    /** Confirms a member after the Admin compared fingerprints; they receive the project key. */
    public void confirm(Member member) {
        act(() -> {
            workspace.members().confirm(project, member);
            return "Confirmed " + member.email() + ": they hold the project key now.";
        }, () -> { });
    }

    public void leave() {
        busy.set(true);
        Tasks.run(() -> workspace.members().leave(project))
                .onSuccess(done -> {
                    main.notice("You left " + project.name() + ".");
                    main.refreshProjects();
                })
                .onError(this::show)
                .onFinally(() -> busy.set(false))
                .start();
    }

    private void act(java.util.concurrent.Callable<String> work, Runnable afterSuccess) {
        busy.set(true);
        message.set("");
        Tasks.run(() -> {
                    String done = work.call();
                    List<Member> fresh = workspace.members().list(project);
                    return new Object[] {done, fresh};
                })
                .onSuccess(result -> {
                    message.set((String) result[0]);
                    @SuppressWarnings("unchecked")
                    List<Member> fresh = (List<Member>) result[1];
                    members.setAll(fresh);
                    afterSuccess.run();
                })
                .onError(problem -> {
                    show(problem);
                    load();
                })
                .onFinally(() -> busy.set(false))
                .start();
    }

    private void show(QodexException problem) {
        if (problem.problem() == io.qodex.domain.common.Problem.UNAVAILABLE) {
            main.fail(problem);
        }
        message.set(problem.getMessage());
    }
}
