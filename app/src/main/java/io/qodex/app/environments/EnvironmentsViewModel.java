package io.qodex.app.environments;

import io.qodex.app.common.ActiveEnvironment;
import io.qodex.app.adapters.files.EnvironmentJson;
import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.common.Shell;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.CheckedDraft;
import io.qodex.domain.environment.DraftChecker;
import io.qodex.domain.environment.EditConflict;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.environment.LoginOutcome;
import io.qodex.domain.environment.SaveResult;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.jspecify.annotations.Nullable;

/**
 * The environment editor: one draft at a time, checked field by field as it changes, saved with optimistic locking
 * (a conflict says who changed what; reload or keep editing), a preview of resolved values with secrets masked, and
 * "Test login" per auth profile. The environment shown follows the active one unless there are unsaved edits. The
 * tabs are parts with their own models ({@link EnvironmentFormModel}, {@link VariablesModel},
 * {@link AuthProfilesModel}, {@link PreviewModel}); each is filled in place when another environment is shown and
 * sends its edits here.
 */
public final class EnvironmentsViewModel {

    private final Workspace workspace;
    private final Shell main;
    private final ActiveEnvironment environments;
    private final Project project;
    private final ObjectProperty<@Nullable Environment> stored = new SimpleObjectProperty<>();
    private final ObjectProperty<@Nullable EnvironmentDraft> draft = new SimpleObjectProperty<>();
    private final BooleanProperty dirty = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
    private final StringProperty message = new SimpleStringProperty("");
    private final ObjectProperty<@Nullable EditConflict> conflict = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper shownActive = new ReadOnlyBooleanWrapper(false);
    private final ObservableMap<String, String> loginResults = FXCollections.observableHashMap();
    private final EnvironmentFormModel form;
    private final VariablesModel variables;
    private final AuthProfilesModel profiles;
    private final PreviewModel preview;
    private DraftChecker checker;
    private long loadGeneration;
    private final Runnable stopListening;
    private final javafx.beans.value.ChangeListener<EnvironmentSummary> activeChanged = (obs, old, now) -> {
        if (now != null && !dirtyProperty().get() && (storedProperty().get() == null || storedProperty().get().id() != now.id())) {
            show(now);
        }
        showActiveState();
    };
    private final javafx.collections.ListChangeListener<EnvironmentSummary> siblingsChanged = change -> {
        checker = workspace().environments().checker(List.copyOf(environments().environments()));
        if (stored.get() == null) {
            showActiveOrFirst();
        }
    };

    public EnvironmentsViewModel(Workspace workspace, Project project, Shell main) {
        this.workspace = workspace;
        this.project = project;
        this.main = main;
        this.environments = main.environments();
        this.checker = workspace.environments().checker(List.copyOf(environments.environments()));
        this.form = new EnvironmentFormModel(this::update, problems);
        this.variables = new VariablesModel(this::update, problems, this::revealVariable);
        this.profiles = new AuthProfilesModel(this::update, problems, loginResults, this::testLogin);
        this.preview = new PreviewModel(draft, (shown, profile) -> workspace.environments().preview(project, shown,
                profile));
        stored.addListener((obs, old, now) -> showActiveState());
        stopListening = environments.onChosen(chosen -> {
            if (!dirty.get() && (stored.get() == null || stored.get().id() != chosen.id())) {
                show(chosen);
            }
        });
        environments.environments().addListener(siblingsChanged);
        environments.activeProperty().addListener(activeChanged);
        showActiveOrFirst();
    }

    private void showActiveOrFirst() {
        if (!environments.environments().isEmpty()) {
            show(environments.active().orElse(environments.environments().get(0)));
        }
    }

    public Project project() {
        return project;
    }

    private Workspace workspace() {
        return workspace;
    }

    /** Stops following the shell's environment choice (the view is gone). */
    public void dispose() {
        stopListening.run();
        environments.environments().removeListener(siblingsChanged);
        environments.activeProperty().removeListener(activeChanged);
        preview.dispose();
    }

    public ActiveEnvironment environments() {
        return environments;
    }

    public ObjectProperty<@Nullable Environment> storedProperty() {
        return stored;
    }

    public ObjectProperty<@Nullable EnvironmentDraft> draftProperty() {
        return draft;
    }

    public BooleanProperty dirtyProperty() {
        return dirty;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ObservableMap<String, String> problems() {
        return problems;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public ObjectProperty<@Nullable EditConflict> conflictProperty() {
        return conflict;
    }

    /** Whether the environment shown is the active one. */
    public ReadOnlyBooleanProperty shownActiveProperty() {
        return shownActive.getReadOnlyProperty();
    }

    public EnvironmentFormModel form() {
        return form;
    }

    public VariablesModel variables() {
        return variables;
    }

    public AuthProfilesModel profiles() {
        return profiles;
    }

    public PreviewModel preview() {
        return preview;
    }

    public ObservableMap<String, String> loginResults() {
        return loginResults;
    }

    public boolean canEdit() {
        return project.myRole() != ProjectRole.VIEWER;
    }

    /** Whether this environment is the one shown in the editor. */
    public boolean isShown(EnvironmentSummary environment) {
        Environment current = stored.get();
        return current != null && current.id() == environment.id();
    }

    private void showActiveState() {
        Environment current = stored.get();
        shownActive.set(current != null && environments.active().map(a -> a.id() == current.id()).orElse(false));
    }

    /** Shows an environment: from the prefetched details at once, else loaded in the background. */
    public void show(EnvironmentSummary summary) {
        Optional<Environment> cached = environments.details(summary.id());
        if (cached.isPresent()) {
            load(cached.get());
            return;
        }
        long generation = ++loadGeneration;
        Tasks.run(() -> workspace.environments().load(project, summary.id()))
                .onSuccess(environment -> {
                    if (generation == loadGeneration) {
                        load(environment);
                    }
                })
                .onError(this::fail)
                .start();
    }

    private void load(Environment environment) {
        loadGeneration++;
        dirty.set(false);
        conflict.set(null);
        problems.clear();
        loginResults.clear();
        EnvironmentDraft loaded = workspace.environments().edit(environment);
        draft.set(loaded);
        form.fill(loaded);
        variables.fill(loaded);
        profiles.fill(loaded, environment);
        stored.set(environment);
        preview.loaded(loaded);
        for (var profile : loaded.profiles()) {
            String name = profile.name();
            workspace.environments().cachedTokenNote(environment.id(), name)
                    .ifPresent(note -> loginResults.put(name, note));
        }
    }

    /** Every edit goes through here: the draft changes, the fields are checked, the preview follows. */
    public void update(UnaryOperator<EnvironmentDraft> change) {
        EnvironmentDraft current = draft.get();
        if (current == null) {
            return;
        }
        draft.set(change.apply(current));
        dirty.set(true);
        if (conflict.get() == null) {
            message.set("");
        }
        check();
        preview.edited();
    }

    private boolean check() {
        EnvironmentDraft current = draft.get();
        if (current == null) {
            return false;
        }
        CheckedDraft checked = checker.check(current);
        problems.clear();
        if (checked instanceof CheckedDraft.Invalid invalid) {
            for (FieldProblem problem : invalid.problems()) {
                problems.putIfAbsent(problem.field(), problem.message());
            }
            return false;
        }
        return true;
    }

    /** The message for a field path, or "". */
    public String problem(String field) {
        return problems.getOrDefault(field, "");
    }

    public void save() {
        save(() -> { });
    }

    /**
     * Saves the draft; {@code after} runs once it is saved, not when the save is refused (problems, a conflict): the
     * edits then stay on screen with the reason.
     */
    public void save(Runnable after) {
        EnvironmentDraft current = draft.get();
        if (current == null || busy.get()) {
            return;
        }
        if (!check()) {
            variables.showAllProblems();
            message.set("Fix the marked fields first (" + problems.size() + ").");
            return;
        }
        busy.set(true);
        message.set("");
        Tasks.run(() -> workspace.environments().save(project, current))
                .onSuccess(result -> {
                    saved(result);
                    if (result instanceof SaveResult.Saved) {
                        after.run();
                    }
                })
                .onError(this::fail)
                .onFinally(() -> busy.set(false))
                .start();
    }

    private void saved(SaveResult result) {
        if (result instanceof SaveResult.Saved saved) {
            environments.saved(saved.environment());
            load(saved.environment());
            message.set("Saved " + saved.environment().name() + ".");
        } else if (result instanceof SaveResult.Invalid invalid) {
            problems.clear();
            invalid.problems().forEach(p -> problems.putIfAbsent(p.field(), p.message()));
            variables.showAllProblems();
            message.set("Fix the marked fields first (" + problems.size() + ").");
        } else if (result instanceof SaveResult.Conflict conflicted) {
            conflict.set(conflicted.conflict());
        }
    }

    /** After a conflict: take the other operator's version, dropping these edits. */
    public void reloadAfterConflict() {
        EditConflict current = conflict.get();
        if (current != null && current.current().isPresent()) {
            environments.saved(current.current().get());
            load(current.current().get());
            message.set("Reloaded the saved version.");
        } else {
            conflict.set(null);
            environments.reload();
        }
    }

    /** After a conflict: keep these edits on top of the other operator's version; saving overwrites theirs knowingly. */
    public void keepEditing() {
        EditConflict current = conflict.get();
        EnvironmentDraft mine = draft.get();
        if (current != null && current.current().isPresent() && mine != null) {
            stored.set(current.current().get());
            draft.set(mine.rebasedOn(current.current().get()));
            environments.saved(current.current().get());
        }
        conflict.set(null);
        message.set("Your edits are kept; saving now replaces the other version.");
    }

    public void revert() {
        Environment current = stored.get();
        if (current != null) {
            load(current);
            message.set("Changes discarded.");
        }
    }

    public void makeActive() {
        Environment current = stored.get();
        if (current != null) {
            environments.choose(current.summary());
        }
    }

    /** The "New environment" dialog's model for a preset. */
    public CreateEnvironmentModel createEnvironmentModel(EnvironmentPreset preset) {
        return new CreateEnvironmentModel(preset, this::create);
    }

    private void create(EnvironmentPreset preset, String name, String baseUrl, String apiBaseUrl,
                       Consumer<List<FieldProblem>> refused) {
        busy.set(true);
        Tasks.run(() -> workspace.environments().create(project, preset, name, baseUrl, apiBaseUrl.strip()))
                .onSuccess(result -> {
                    if (result instanceof SaveResult.Saved saved) {
                        environments.saved(saved.environment());
                        load(saved.environment());
                        message.set("Created " + saved.environment().name() + " from the " + preset.label() + " preset.");
                        refused.accept(List.of());
                    } else if (result instanceof SaveResult.Invalid invalid) {
                        refused.accept(invalid.problems());
                    }
                })
                .onError(problem -> refused.accept(List.of(new FieldProblem("", problem.getMessage()))))
                .onFinally(() -> busy.set(false))
                .start();
    }

    /** Clones the environment shown under a new name (secret values are not copied); a refusal goes to the message. */
    public void cloneAs(String newName) {
        Environment source = stored.get();
        if (source == null) {
            return;
        }
        Consumer<List<FieldProblem>> refused = problems -> {
            if (!problems.isEmpty()) {
                message.set(problems.get(0).message());
            }
        };
        busy.set(true);
        Tasks.run(() -> workspace.environments().clone(project, source, newName))
                .onSuccess(result -> {
                    if (result instanceof SaveResult.Saved saved) {
                        environments.saved(saved.environment());
                        load(saved.environment());
                        message.set("Cloned " + source.name() + " as " + saved.environment().name()
                                + " (secret values are not copied).");
                        refused.accept(List.of());
                    } else if (result instanceof SaveResult.Invalid invalid) {
                        refused.accept(invalid.problems());
                    }
                })
                .onError(problem -> refused.accept(List.of(new FieldProblem("", problem.getMessage()))))
                .onFinally(() -> busy.set(false))
                .start();
    }

    /** The "Delete environment" dialog's model for the environment shown. */
    public Optional<DeleteEnvironmentModel> deleteEnvironmentModel() {
        Environment current = stored.get();
        return current == null ? Optional.empty()
                : Optional.of(new DeleteEnvironmentModel(current.name().value(), this::delete));
    }

    private void delete(String typedName, Consumer<String> refused) {
        Environment current = stored.get();
        if (current == null) {
            return;
        }
        busy.set(true);
        Tasks.run(() -> workspace.environments().delete(project, current.summary(), typedName))
                .onSuccess(done -> {
                    stored.set(null);
                    draft.set(null);
                    dirty.set(false);
                    message.set("Deleted " + current.name() + ".");
                    environments.reload();
                    refused.accept("");
                })
                .onError(problem -> refused.accept(problem.getMessage()))
                .onFinally(() -> busy.set(false))
                .start();
    }

    /** The export's suggested file name: the environment's name in lower case, dashes for the rest, ".json". */
    public String exportFileName() {
        Environment current = stored.get();
        String name = current == null ? "environment" : current.name().value();
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".json";
    }

    public void exportTo(Path file) {
        Environment current = stored.get();
        if (current == null) {
            return;
        }
        Tasks.run(() -> {
                    EnvironmentJson.write(workspace.environments().export(current), file);
                    return file;
                })
                .onSuccess(path -> message.set("Exported " + current.name() + " to " + path
                        + " (secret values are left out)."))
                .onError(this::fail)
                .start();
    }

    /**
     * Imports a file, all or nothing; when it is refused, {@code refused} gets every problem as one line
     * ({@code field: message}).
     */
    public void importFrom(Path file, Consumer<List<String>> refused) {
        importTree(file, problems -> {
            if (!problems.isEmpty()) {
                refused.accept(problems.stream()
                        .map(p -> (p.field().isEmpty() ? "" : p.field() + ": ") + p.message()).toList());
            }
        });
    }

    private void importTree(Path file, Consumer<List<FieldProblem>> refused) {
        busy.set(true);
        Tasks.run(() -> workspace.environments().importTree(project, EnvironmentJson.read(file), Optional.empty()))
                .onSuccess(result -> {
                    if (result instanceof SaveResult.Saved saved) {
                        environments.saved(saved.environment());
                        load(saved.environment());
                        message.set("Imported " + saved.environment().name() + " from " + file.getFileName() + ".");
                        refused.accept(List.of());
                    } else if (result instanceof SaveResult.Invalid invalid) {
                        refused.accept(invalid.problems());
                    }
                })
                .onError(problem -> refused.accept(List.of(new FieldProblem(file.getFileName().toString(),
                        problem.getMessage()))))
                .onFinally(() -> busy.set(false))
                .start();
    }

    /** The stored secret of a variable, for the reveal button (members only). */
    private void revealVariable(String name, Consumer<String> shown) {
        Environment current = stored.get();
        if (current == null) {
            return;
        }
        Tasks.run(() -> {
                    try (Secret secret = workspace.environments().revealVariable(project, current, name)) {
                        return secret.reveal();
                    }
                })
                .onSuccess(shown)
                .onError(this::fail)
                .start();
    }

    private void testLogin(String profile) {
        EnvironmentDraft current = draft.get();
        if (current == null) {
            return;
        }
        Environment saved = stored.get();
        loginResults.put(profile, "Testing…");
        Tasks.run(() -> saved == null
                        ? workspace.environments().testLogin(project, current, profile).message()
                        : workspace.environments().testToken(project, saved.id(), current, profile))
                .onSuccess(result -> loginResults.put(profile, result))
                .onError(problem -> loginResults.put(profile, problem.getMessage()))
                .start();
    }

    private void fail(QodexException problem) {
        message.set(problem.getMessage());
        main.fail(problem);
    }
}
