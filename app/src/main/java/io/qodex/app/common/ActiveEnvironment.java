package io.qodex.app.common;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.live.Change;
import io.qodex.domain.project.Project;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The environments of the current project and the user's active one (F6: one click, per user and project,
 * remembered). Choosing updates every dependent view at once on the FX thread; the choice is stored in the
 * background. Details of every environment are prefetched so that a switch needs no database round trip.
 */
public final class ActiveEnvironment {

    private final Workspace workspace;
    private final Consumer<QodexException> failures;
    private final ObservableList<EnvironmentSummary> environments = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable EnvironmentSummary> active = new SimpleObjectProperty<>();
    private final Map<Long, Environment> details = new HashMap<>();
    private final java.util.List<Consumer<EnvironmentSummary>> choiceListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private @Nullable Project project;
    private long generation;
    /** Choices made in this window, and those whose storing has not finished (see {@link #followChoice}). */
    private long choices;
    private int unsavedChoices;
    private @Nullable ChoiceGuard guard;

    /**
     * Asked before a choice of the user's (switcher, Ctrl+1..9, Ctrl+E) changes the active environment: a page with
     * unsaved edits of another environment asks Save / Discard / Cancel first.
     */
    @FunctionalInterface
    public interface ChoiceGuard {
        /**
         * True lets the choice happen now; false holds it (cancelled, or a save must finish first, after which
         * {@code proceed} makes the choice).
         */
        boolean mayChoose(EnvironmentSummary next, Runnable proceed);
    }

    public ActiveEnvironment(Workspace workspace, Consumer<QodexException> failures) {
        this.workspace = workspace;
        this.failures = failures;
    }

    public ObservableList<EnvironmentSummary> environments() {
        return environments;
    }

    public ReadOnlyObjectProperty<@Nullable EnvironmentSummary> activeProperty() {
        return active;
    }

    public Optional<EnvironmentSummary> active() {
        return Optional.ofNullable(active.get());
    }

    public Optional<Project> project() {
        return Optional.ofNullable(project);
    }

    /** The stored environment behind a summary, if prefetched. */
    public Optional<Environment> details(long environmentId) {
        return Optional.ofNullable(details.get(environmentId));
    }

    public void projectChanged(@Nullable Project current) {
        if (project != null && current != null && project.id() == current.id()) {
            project = current;
            return;
        }
        project = current;
        environments.clear();
        details.clear();
        active.set(null);
        reload();
    }

    /** Reads the list, the active choice and every environment's details again. */
    public void reload() {
        Project current = project;
        if (current == null) {
            return;
        }
        long load = ++generation;
        Tasks.run(() -> {
                    List<EnvironmentSummary> list = workspace.environments().list(current);
                    Optional<EnvironmentSummary> chosen = workspace.environments().activeOrFirst(current);
                    Map<Long, Environment> loaded = new HashMap<>();
                    for (EnvironmentSummary summary : list) {
                        loaded.put(summary.id(), workspace.environments().load(current, summary.id()));
                    }
                    return new Loaded(list, chosen, loaded);
                })
                .onSuccess(result -> {
                    if (load != generation) {
                        return;
                    }
                    details.clear();
                    details.putAll(result.details());
                    environments.setAll(result.list());
                    active.set(result.active().flatMap(a -> find(a.id())).orElse(null));
                })
                .onError(failures)
                .start();
    }

    private record Loaded(List<EnvironmentSummary> list, Optional<EnvironmentSummary> active,
                          Map<Long, Environment> details) {
    }

    private Optional<EnvironmentSummary> find(long id) {
        return environments.stream().filter(e -> e.id() == id).findFirst();
    }

    /** Hears every choice, also of the environment that is already active (the editor then shows it). */
    public Runnable onChosen(Consumer<EnvironmentSummary> listener) {
        choiceListeners.add(listener);
        return () -> choiceListeners.remove(listener);
    }

    /** Installs the guard asked before each choice; the returned action removes it. */
    public Runnable guard(ChoiceGuard installed) {
        guard = installed;
        return () -> {
            if (guard == installed) {
                guard = null;
            }
        };
    }

    /**
     * One click: every dependent view follows now; the choice is remembered in the background. A page with unsaved
     * edits may hold the choice first (see {@link #guard}).
     */
    public void choose(EnvironmentSummary environment) {
        ChoiceGuard asked = guard;
        if (asked != null && !asked.mayChoose(environment, () -> chooseNow(environment))) {
            return;
        }
        chooseNow(environment);
    }

    private void chooseNow(EnvironmentSummary environment) {
        Project current = project;
        if (current == null) {
            return;
        }
        if (active.get() != null && active.get().id() == environment.id()) {
            choiceListeners.forEach(listener -> listener.accept(environment));
            return;
        }
        active.set(environment);
        choices++;
        unsavedChoices++;
        choiceListeners.forEach(listener -> listener.accept(environment));
        Tasks.run(() -> workspace.environments().use(current, environment.id()))
                .onError(problem -> {
                    failures.accept(problem);
                    reload();
                })
                .onFinally(() -> unsavedChoices--)
                .start();
    }

    /** Ctrl+1..9. */
    public void chooseNumber(int number) {
        if (number >= 1 && number <= environments.size()) {
            choose(environments.get(number - 1));
        }
    }

    /** Ctrl+E cycles (the palette offers the same list with a filter). */
    public void next() {
        if (environments.isEmpty()) {
            return;
        }
        int index = active.get() == null ? -1 : environments.indexOf(active.get());
        choose(environments.get((index + 1) % environments.size()));
    }

    /** An environment was saved here: take it at once (the live feed confirms it later). */
    public void saved(Environment environment) {
        details.put(environment.id(), environment);
        EnvironmentSummary summary = environment.summary();
        Optional<EnvironmentSummary> existing = find(summary.id());
        if (existing.isPresent()) {
            environments.set(environments.indexOf(existing.get()), summary);
            if (active.get() != null && active.get().id() == summary.id()) {
                active.set(summary);
            }
        } else {
            environments.add(summary);
        }
    }

    public void changed(Change change) {
        Project current = project;
        if (current == null || !change.concerns(current.id())) {
            return;
        }
        if (change.isEnvironmentChange()) {
            reload();
        } else if (change.isActiveEnvironmentChange(workspace.account().userId())) {
            followChoice(current);
        }
    }

    /**
     * The user's choice changed in the database: made here (the echo of {@link #choose}) or elsewhere
     * ({@code qodex env use}, another window). Only the choice is read again, not the environments, and it is
     * taken unless this window chose meanwhile or is still storing a choice (whose own echo follows).
     */
    private void followChoice(Project current) {
        long choicesBefore = choices;
        Tasks.run(() -> workspace.environments().active(current))
                .onSuccess(chosen -> {
                    if (project != current || choices != choicesBefore || unsavedChoices > 0) {
                        return;
                    }
                    Optional<EnvironmentSummary> found = chosen.flatMap(c -> find(c.id()));
                    if (chosen.isPresent() && found.isEmpty()) {
                        reload();
                    } else {
                        found.filter(f -> active.get() == null || active.get().id() != f.id()).ifPresent(active::set);
                    }
                })
                .onError(failures)
                .start();
    }
}
