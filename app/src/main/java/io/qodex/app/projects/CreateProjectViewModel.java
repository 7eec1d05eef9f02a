package io.qodex.app.projects;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectName;
import io.qodex.domain.project.Slug;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.util.Duration;

/** New project: the slug follows the name until edited, and is checked (shape, then availability) as you type. */
public final class CreateProjectViewModel {

    private final Workspace workspace;
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty slug = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper slugError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper slugStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty valid = new SimpleBooleanProperty(false);
    private final PauseTransition availability = new PauseTransition(Duration.millis(300));
    private boolean slugEdited;
    private boolean settingSlug;

    public CreateProjectViewModel(Workspace workspace) {
        this.workspace = workspace;
        name.addListener((obs, old, now) -> {
            if (!slugEdited) {
                settingSlug = true;
                slug.set(Slug.suggestFrom(now));
                settingSlug = false;
            }
            checkName(false);
            formError.set("");
        });
        slug.addListener((obs, old, now) -> {
            if (!settingSlug) {
                slugEdited = true;
            }
            checkSlugShape();
            formError.set("");
        });
        availability.setOnFinished(e -> checkAvailability());
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty slugProperty() {
        return slug;
    }

    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty slugErrorProperty() {
        return slugError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty slugStatusProperty() {
        return slugStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty validProperty() {
        return valid;
    }

    private boolean checkName(boolean submitting) {
        try {
            ProjectName.parse(name.get());
            nameError.set("");
            return true;
        } catch (QodexException e) {
            nameError.set(submitting || !name.get().isEmpty() ? e.getMessage() : "");
            return false;
        } finally {
            valid.set(nameError.get().isEmpty() && !name.get().isBlank() && slugError.get().isEmpty()
                    && !slug.get().isBlank());
        }
    }

    private void checkSlugShape() {
        String problem = Slug.problemWith(slug.get().strip());
        slugError.set(problem == null || slug.get().isEmpty() ? "" : problem);
        slugStatus.set("");
        valid.set(nameError.get().isEmpty() && !name.get().isBlank() && problem == null);
        if (problem == null) {
            availability.playFromStart();
        }
    }

    private void checkAvailability() {
        String candidate = slug.get().strip();
        Tasks.run(() -> workspace.projects().slugAvailable(candidate))
                .onSuccess(free -> {
                    if (candidate.equals(slug.get().strip())) {
                        if (free) {
                            slugStatus.set("/p/" + candidate + " is available.");
                        } else {
                            slugError.set("The slug \"" + candidate + "\" is already taken.");
                            valid.set(false);
                        }
                    }
                })
                .onError(problem -> slugStatus.set(""))
                .start();
    }

    public void create(Consumer<Project> created) {
        boolean ok = checkName(true);
        if (slug.get().isBlank()) {
            slugError.set("Enter a slug.");
            ok = false;
        }
        if (!ok || !slugError.get().isEmpty() || busy.get()) {
            return;
        }
        busy.set(true);
        String chosenName = name.get();
        String chosenSlug = slug.get().strip();
        Tasks.run(() -> workspace.projects().create(chosenName, chosenSlug))
                .onSuccess(created)
                .onError(problem -> {
                    if (problem.problem() == Problem.CONFLICT || problem.field().filter("slug"::equals).isPresent()) {
                        slugError.set(problem.getMessage());
                    } else if (problem.field().filter("name"::equals).isPresent()) {
                        nameError.set(problem.getMessage());
                    } else {
                        formError.set(problem.getMessage());
                    }
                })
                .onFinally(() -> busy.set(false))
                .start();
    }
}
