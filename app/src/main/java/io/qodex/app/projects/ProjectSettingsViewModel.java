package io.qodex.app.projects;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.common.Shell;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectName;
import io.qodex.domain.project.ProjectRole;
import java.util.OptionalLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Project settings: rename and archive (Admins), the project key (rotate), leaving. */
public final class ProjectSettingsViewModel {

    private final Workspace workspace;
    private final Shell main;
    private final ObjectProperty<Project> project;
    private final StringProperty name = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty dirty = new SimpleBooleanProperty(false);

    public ProjectSettingsViewModel(Workspace workspace, Project project, Shell main) {
        this.workspace = workspace;
        this.main = main;
        this.project = new SimpleObjectProperty<>(project);
        name.set(project.name());
        name.addListener((obs, old, now) -> {
            dirty.set(!now.strip().equals(this.project.get().name()));
            try {
                ProjectName.parse(now);
                nameError.set("");
            } catch (QodexException e) {
                nameError.set(e.getMessage());
            }
        });
    }

    public ObjectProperty<Project> projectProperty() {
        return project;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty dirtyProperty() {
        return dirty;
    }

    public boolean admin() {
        return project.get().myRole() == ProjectRole.ADMIN;
    }

    /** Another operator changed the project: take their version, keep a name being typed. */
    public void reloaded(Project fresh) {
        boolean editing = dirty.get();
        project.set(fresh);
        if (!editing) {
            name.set(fresh.name());
        }
        dirty.set(!name.get().strip().equals(fresh.name()));
    }

    public void rename() {
        if (!nameError.get().isEmpty()) {
            return;
        }
        run(() -> workspace.projects().rename(project.get(), name.get()), "Renamed.");
    }

    public void setArchived(boolean archived) {
        run(() -> workspace.projects().setArchived(project.get(), archived), archived ? "Archived." : "Restored.");
    }

    public void rotateKey() {
        busy.set(true);
        Tasks.run(() -> {
                    var rotation = workspace.projects().rotateKey(project.get(), OptionalLong.empty());
                    return new Object[] {rotation, workspace.projects().bySlug(project.get().slug().value())};
                })
                .onSuccess(result -> {
                    var rotation = (io.qodex.domain.secret.KeyRing.Rotation) result[0];
                    Project fresh = (Project) result[1];
                    reloaded(fresh);
                    main.projectUpdated(fresh, false);
                    message.set("The key is now version " + rotation.version() + "; " + rotation.reencrypted()
                            + " secret(s) re-encrypted.");
                })
                .onError(problem -> message.set(problem.getMessage()))
                .onFinally(() -> busy.set(false))
                .start();
    }

    public void leave() {
        busy.set(true);
        Project current = project.get();
        Tasks.run(() -> workspace.members().leave(current))
                .onSuccess(done -> {
                    main.notice("You left " + current.name() + ".");
                    main.refreshProjects();
                })
                .onError(problem -> message.set(problem.getMessage()))
                .onFinally(() -> busy.set(false))
                .start();
    }

    private void run(java.util.concurrent.Callable<Project> work, String done) {
        busy.set(true);
        message.set("");
        Tasks.run(work)
                .onSuccess(updated -> {
                    project.set(updated);
                    name.set(updated.name());
                    dirty.set(false);
                    main.projectUpdated(updated, false);
                    message.set(done);
                })
                .onError(problem -> message.set(problem.getMessage()))
                .onFinally(() -> busy.set(false))
                .start();
    }
}
