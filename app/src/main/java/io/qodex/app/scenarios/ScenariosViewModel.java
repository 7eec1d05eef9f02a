package io.qodex.app.scenarios;

import io.qodex.app.adapters.files.ScenarioJson;
import io.qodex.app.common.Shell;
import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.scenario.ImportResult;
import io.qodex.domain.scenario.OnConflict;
import io.qodex.domain.scenario.Scenario;
import io.qodex.domain.scenario.ScenarioCodec;
import io.qodex.domain.scenario.ScenarioSpec;
import io.qodex.domain.scenario.Selection;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.jspecify.annotations.Nullable;

/**
 * The Scenarios page: the project's scenarios (filtered by tag and text), the one in the editor, saving it over the
 * version it was loaded from (a save someone else made meanwhile is a conflict: reload theirs or keep mine), deleting,
 * export and import, and runs ({@link RunModel}). Viewers read everything and change nothing.
 */
public final class ScenariosViewModel {

    private static final String KEEP_OR_RELOAD = "Your edits are still here: reload theirs (yours are dropped), or "
            + "keep yours and save again to replace theirs.";

    /** The choice of a tag filter that shows every scenario. */
    public static final String ALL_TAGS = "All tags";

    private final Workspace workspace;
    private final Project project;
    private final Shell shell;
    private final ObservableList<Scenario> scenarios = FXCollections.observableArrayList();
    private final FilteredList<Scenario> shown = new FilteredList<>(scenarios, s -> true);
    private final StringProperty textFilter = new SimpleStringProperty("");
    private final StringProperty tagFilter = new SimpleStringProperty(ALL_TAGS);
    private final ObservableList<String> tagChoices = FXCollections.observableArrayList(ALL_TAGS);
    private final ObservableList<String> tags = FXCollections.observableArrayList();
    private final ObservableList<String> collections = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<@Nullable Scenario> stored = new ReadOnlyObjectWrapper<>();
    private final BooleanProperty editing = new SimpleBooleanProperty(false);
    private final BooleanProperty loaded = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty conflict = new SimpleStringProperty("");
    private final ObjectProperty<@Nullable EnvironmentSummary> environment = new SimpleObjectProperty<>();
    /** A scenario a route named before the list was read. */
    private @Nullable String wanted;
    private final ScenarioEditorModel editor;
    private final RunModel run;
    private long generation;

    public ScenariosViewModel(Workspace workspace, Project project, Shell shell) {
        this.workspace = workspace;
        this.project = project;
        this.shell = shell;
        this.editor = new ScenarioEditorModel(workspace.scenarios().checker());
        this.run = new RunModel(workspace, project);
        textFilter.addListener((obs, old, now) -> filter());
        tagFilter.addListener((obs, old, now) -> filter());
        environment.bind(shell.environments().activeProperty());
    }

    // ---------------------------------------------------------------- state

    public boolean canEdit() {
        return project.myRole().atLeast(ProjectRole.MEMBER);
    }

    /** Why a Viewer's buttons are off. */
    public String viewerReason(String what) {
        return "Viewers cannot " + what + " in " + project.name() + "; Members and Admins can.";
    }

    public Project project() {
        return project;
    }

    public ObservableList<Scenario> scenarios() {
        return scenarios;
    }

    public FilteredList<Scenario> shown() {
        return shown;
    }

    public StringProperty textFilterProperty() {
        return textFilter;
    }

    public StringProperty tagFilterProperty() {
        return tagFilter;
    }

    /** "All tags" and every tag of the project's scenarios. */
    public ObservableList<String> tagChoices() {
        return tagChoices;
    }

    public ObservableList<String> tags() {
        return tags;
    }

    public ObservableList<String> collections() {
        return collections;
    }

    public ReadOnlyObjectProperty<@Nullable Scenario> storedProperty() {
        return stored.getReadOnlyProperty();
    }

    /** Whether the editor shows a scenario (a stored or a new one). */
    public BooleanProperty editingProperty() {
        return editing;
    }

    public BooleanProperty loadedProperty() {
        return loaded;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty conflictProperty() {
        return conflict;
    }

    /** The active environment, which runs go to. */
    public ObjectProperty<@Nullable EnvironmentSummary> environmentProperty() {
        return environment;
    }

    public ScenarioEditorModel editor() {
        return editor;
    }

    public RunModel run() {
        return run;
    }

    /** The auth profiles of the active environment (the editor's choices; any other name may be typed). */
    public List<String> profileNames() {
        EnvironmentSummary active = environment.get();
        if (active == null) {
            return List.of();
        }
        return shell.environments().details(active.id())
                .map(e -> e.profiles().stream().map(p -> p.name().value()).toList()).orElse(List.of());
    }

    private void filter() {
        String needle = textFilter.get() == null ? "" : textFilter.get().strip().toLowerCase(Locale.ROOT);
        String tag = tagFilter.get();
        shown.setPredicate(s -> (tag == null || tag.equals(ALL_TAGS) || s.spec().tags().contains(tag))
                && (needle.isEmpty() || s.name().toLowerCase(Locale.ROOT).contains(needle)
                || s.spec().collection().map(c -> c.toLowerCase(Locale.ROOT).contains(needle)).orElse(false)
                || s.spec().tags().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(needle))));
    }

    // ---------------------------------------------------------------- loading and choosing

    /**
     * Reads the scenarios (F5, a project change, after a run). The scenario in the editor is refreshed unless it has
     * unsaved changes; the first one is opened when nothing is open.
     */
    public void load() {
        long load = ++generation;
        Tasks.run(() -> workspace.scenarios().list(project))
                .onSuccess(list -> {
                    if (load == generation) {
                        loaded(list);
                    }
                })
                .onError(this::fail)
                .start();
    }

    private void loaded(List<Scenario> list) {
        scenarios.setAll(list);
        TreeSet<String> allTags = new TreeSet<>();
        TreeSet<String> allCollections = new TreeSet<>();
        list.forEach(s -> {
            allTags.addAll(s.spec().tags());
            s.spec().collection().ifPresent(allCollections::add);
        });
        tags.setAll(allTags);
        collections.setAll(allCollections);
        String tag = tagFilter.get();
        tagChoices.setAll(ALL_TAGS);
        tagChoices.addAll(allTags);
        tagFilter.set(tag != null && tagChoices.contains(tag) ? tag : ALL_TAGS);
        filter();
        loaded.set(true);
        Scenario current = stored.get();
        if (current != null) {
            Optional<Scenario> fresh = byId(current.id());
            if (fresh.isPresent() && fresh.get().version() == current.version()) {
                stored.set(fresh.get()); // its last run may be new
            } else if (fresh.isPresent() && !editor.dirtyProperty().get()) {
                stored.set(fresh.get());
                editor.fill(ScenarioFields.of(fresh.get().spec()), false);
            } else if (fresh.isPresent()) {
                // unsaved edits over an older version: they stay, and so does that version, so saving is refused
                conflict.set("The scenario " + fresh.get().name() + " was changed by someone else while you were "
                        + "editing. " + KEEP_OR_RELOAD);
            } else if (!editor.dirtyProperty().get()) {
                close();
            }
        } else if (!editing.get() && !list.isEmpty()) {
            open(list.get(0));
        }
        String name = wanted;
        wanted = null;
        if (name != null) {
            want(name);
        }
    }

    /**
     * A route named a scenario ({@code /p/shop/scenarios/Checkout}): opens it once the list is read, unless the
     * editor holds unsaved changes (then it stays, with a message); a name not in the project gets an error.
     */
    public void want(String name) {
        if (!loaded.get()) {
            wanted = name;
            return;
        }
        Optional<Scenario> found = scenarios.stream().filter(s -> s.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            error.set("No scenario named \"" + name + "\" in " + project.name() + ".");
            return;
        }
        Scenario current = stored.get();
        if (current != null && current.id() == found.get().id() && editing.get()) {
            return;
        }
        if (editor.dirtyProperty().get()) {
            error.set("The scenario in the editor has unsaved changes: save or discard them, then open "
                    + found.get().name() + ".");
            return;
        }
        open(found.get());
    }

    private Optional<Scenario> byId(long id) {
        return scenarios.stream().filter(s -> s.id() == id).findFirst();
    }

    /** Shows a stored scenario in the editor (the view asked about unsaved changes first). */
    public void open(Scenario scenario) {
        stored.set(scenario);
        editing.set(true);
        conflict.set("");
        error.set("");
        editor.fill(ScenarioFields.of(scenario.spec()), false);
    }

    /** A new scenario in the editor, not stored until saved. */
    public void create() {
        if (!canEdit()) {
            return;
        }
        stored.set(null);
        editing.set(true);
        conflict.set("");
        message.set("");
        error.set("");
        editor.fill(ScenarioFields.blank(freeName("New scenario")), true);
    }

    private String freeName(String base) {
        String name = base;
        for (int n = 2; byName(name).isPresent(); n++) {
            name = base + " " + n;
        }
        return name;
    }

    private Optional<Scenario> byName(String name) {
        return scenarios.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private void close() {
        stored.set(null);
        editing.set(false);
        conflict.set("");
        editor.fill(ScenarioFields.blank(""), false);
    }

    /** Drops unsaved changes: the stored version again, or nothing for a new scenario. */
    public void discard() {
        Scenario current = stored.get();
        if (current != null) {
            open(current);
        } else {
            close();
            if (!scenarios.isEmpty()) {
                open(scenarios.get(0));
            }
        }
    }

    // ---------------------------------------------------------------- saving

    /**
     * Checks and saves what the editor shows; {@code after} runs once it is stored. Problems are shown next to their
     * fields and listed; nothing typed is changed. Returns false when a check found problems (nothing was sent).
     */
    public boolean save(Runnable after) {
        if (!canEdit() || busy.get()) {
            return false;
        }
        message.set("");
        error.set("");
        ScenarioFields typed = editor.fields();
        ScenarioFields.Checked checked = editor.check();
        if (!checked.valid()) {
            error.set("Not saved: " + checked.problems().size() + (checked.problems().size() == 1 ? " problem" : " problems")
                    + " to fix (listed under the name). Nothing you typed is lost.");
            return false;
        }
        ScenarioSpec spec = checked.spec();
        Optional<Scenario> existing = Optional.ofNullable(stored.get());
        busy.set(true);
        Tasks.run(() -> {
                    workspace.scenarios().save(project, existing, spec);
                    return workspace.scenarios().find(project, spec.name());
                })
                .onSuccess(saved -> {
                    stored.set(saved);
                    editing.set(true);
                    conflict.set("");
                    editor.saved(typed);
                    message.set("Saved " + saved.name() + ".");
                    load();
                    after.run();
                })
                .onError(this::saveFailed)
                .onFinally(() -> busy.set(false))
                .start();
        return true;
    }

    private void saveFailed(QodexException problem) {
        if (problem.problem() == Problem.CONFLICT && problem.getMessage().contains("exists already")) {
            editor.showProblems(List.of(new FieldProblem(Fields.NAME, problem.getMessage())));
            error.set("Not saved: " + problem.getMessage() + " Choose another name.");
        } else if (problem.problem() == Problem.CONFLICT) {
            conflict.set(problem.getMessage() + " " + KEEP_OR_RELOAD);
        } else if (problem.problem() == Problem.INVALID_INPUT) {
            editor.showProblems(List.of(new FieldProblem("", problem.getMessage())));
            error.set("Not saved: " + problem.getMessage());
        } else {
            fail(problem);
        }
    }

    /** After a conflict: the stored version replaces the editor's. */
    public void reloadTheirs() {
        Scenario current = stored.get();
        conflict.set("");
        Tasks.run(() -> workspace.scenarios().list(project))
                .onSuccess(list -> {
                    Optional<Scenario> fresh = current == null ? Optional.empty()
                            : list.stream().filter(s -> s.id() == current.id()).findFirst();
                    if (fresh.isPresent()) {
                        stored.set(fresh.get());
                        editor.fill(ScenarioFields.of(fresh.get().spec()), false);
                    } else {
                        stored.set(null);
                        editor.keepAsChanged(true);
                    }
                    loaded(list);
                    message.set(fresh.isPresent() ? "Reloaded the saved version of " + fresh.get().name() + "."
                            : "It was deleted meanwhile; saving stores yours as a new scenario.");
                })
                .onError(this::fail)
                .start();
    }

    /** After a conflict: the editor keeps its text over the newest version; the next save replaces it knowingly. */
    public void keepMine() {
        Scenario current = stored.get();
        conflict.set("");
        Tasks.run(() -> workspace.scenarios().list(project))
                .onSuccess(list -> {
                    Optional<Scenario> fresh = current == null ? Optional.empty()
                            : list.stream().filter(s -> s.id() == current.id()).findFirst();
                    stored.set(fresh.orElse(null));
                    editor.keepAsChanged(fresh.isEmpty());
                    loaded(list);
                    message.set("Your edits are kept; saving now replaces the other version.");
                })
                .onError(this::fail)
                .start();
    }

    // ---------------------------------------------------------------- deleting

    public void delete() {
        Scenario current = stored.get();
        if (current == null || !canEdit()) {
            if (current == null && editing.get()) {
                discard();
            }
            return;
        }
        busy.set(true);
        Tasks.run(() -> workspace.scenarios().delete(project, current))
                .onSuccess(done -> {
                    close();
                    message.set("Deleted " + current.name() + ".");
                    load();
                })
                .onError(problem -> {
                    if (problem.problem() == Problem.CONFLICT) {
                        conflict.set(problem.getMessage() + " Reload to see the current version before deleting it.");
                    } else {
                        fail(problem);
                    }
                })
                .onFinally(() -> busy.set(false))
                .start();
    }

    // ---------------------------------------------------------------- running

    /** The scenario in the editor (saved first when it has changes), or the chosen ones. */
    public void run(Selection selection, String what, boolean confirmed) {
        EnvironmentSummary target = environment.get();
        if (target == null || !canEdit()) {
            return;
        }
        run.run(target, selection, what, confirmed, batch -> load());
    }

    // ---------------------------------------------------------------- files

    /** "shop-scenarios.json", or "shop-smoke.json" for a tag. */
    public String exportFileName(String part) {
        return (project.slug().value() + "-" + part).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".json";
    }

    public void exportTo(Selection selection, String what, Path file) {
        Tasks.run(() -> {
                    ScenarioJson.write(workspace.scenarios().export(project, selection).tree(), file);
                    return file;
                })
                .onSuccess(path -> message.set("Exported " + what + " to " + path + "."))
                .onError(this::fail)
                .start();
    }

    /** A file read for import: its tree, and the names in it that the project has already. */
    public record ImportFile(Path file, Object tree, List<String> taken) {
    }

    /**
     * Reads a file to import; {@code read} gets it with the names that exist already (the page then asks what to do
     * with them), {@code refused} what kept it from being read.
     */
    public void readImport(Path file, Consumer<ImportFile> read, Consumer<List<String>> refused) {
        busy.set(true);
        Tasks.run(() -> {
                    Object tree = ScenarioJson.read(file);
                    List<String> names = ScenarioCodec.parse(tree) instanceof ScenarioCodec.Parsed.Scenarios parsed
                            ? parsed.scenarios().stream().map(ScenarioSpec::name).toList() : List.of();
                    java.util.Set<String> stored = new java.util.HashSet<>();
                    workspace.scenarios().list(project).forEach(s -> stored.add(s.name()));
                    return new ImportFile(file, tree, names.stream().filter(stored::contains).toList());
                })
                .onSuccess(read)
                .onError(problem -> refused.accept(List.of(problem.field().filter(f -> !f.isEmpty())
                        .orElse(file.getFileName().toString()) + ": " + problem.getMessage())))
                .onFinally(() -> busy.set(false))
                .start();
    }

    /**
     * Imports a file read by {@link #readImport}, all or nothing. When it is refused, {@code refused} gets every
     * problem as one line ({@code field: message}) and nothing changed.
     */
    public void importFrom(ImportFile read, OnConflict onConflict, Consumer<List<String>> refused) {
        Path file = read.file();
        busy.set(true);
        Tasks.run(() -> workspace.scenarios().importTree(project, read.tree(), onConflict))
                .onSuccess(result -> {
                    if (result instanceof ImportResult.Imported imported) {
                        message.set(importedText(file, imported));
                        load();
                    } else if (result instanceof ImportResult.Refused refusal) {
                        refused.accept(refusal.problems().stream().map(FieldProblem::toString).toList());
                    }
                })
                .onError(problem -> refused.accept(List.of(
                        problem.field().filter(f -> !f.isEmpty()).orElse(file.getFileName().toString()) + ": "
                        + problem.getMessage())))
                .onFinally(() -> busy.set(false))
                .start();
    }

    static String importedText(Path file, ImportResult.Imported imported) {
        StringBuilder text = new StringBuilder("Imported ").append(file.getFileName()).append(": ")
                .append(imported.added()).append(" added");
        if (imported.replaced() > 0) {
            text.append(", ").append(imported.replaced()).append(" replaced");
        }
        if (imported.skipped() > 0) {
            text.append(", ").append(imported.skipped()).append(" skipped (the project has them already)");
        }
        if (!imported.renamed().isEmpty()) {
            text.append("; renamed ").append(String.join(", ", imported.renamed()));
        }
        return text.append('.').toString();
    }

    private void fail(QodexException problem) {
        error.set(problem.getMessage());
        if (problem.problem() == Problem.UNAVAILABLE) {
            shell.fail(problem);
        }
    }

    public void dispose() {
        environment.unbind();
        run.dispose();
    }
}
