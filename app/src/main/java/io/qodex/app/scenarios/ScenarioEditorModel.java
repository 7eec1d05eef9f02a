package io.qodex.app.scenarios;

import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.scenario.ScenarioChecker;
import java.util.List;
import java.util.Optional;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.jspecify.annotations.Nullable;

/**
 * The scenario being edited: a property per field, its steps, which step the form shows, what changed since it was
 * loaded ({@link #dirtyProperty()}: a new scenario counts as changed until it is saved) and the problems of the last
 * check under the editor's field names. After a check found problems, every edit checks again, so each problem goes
 * away as soon as it is fixed. Nothing typed is ever replaced except by {@link #fill}.
 */
public final class ScenarioEditorModel {

    final StringProperty name = new SimpleStringProperty("");
    final StringProperty description = new SimpleStringProperty("");
    final StringProperty tags = new SimpleStringProperty("");
    final StringProperty collection = new SimpleStringProperty("");
    final StringProperty profile = new SimpleStringProperty("");
    final BooleanProperty destructive = new SimpleBooleanProperty(false);
    final BooleanProperty security = new SimpleBooleanProperty(false);
    private final ObservableList<StepModel> steps = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable StepModel> selectedStep = new SimpleObjectProperty<>();
    private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
    private final ObservableList<FieldProblem> problemList = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(false);
    private final ScenarioChecker checker;
    private final InvalidationListener edited = obs -> changed();
    private ScenarioFields baseline = ScenarioFields.blank("");
    private boolean isNew;
    private boolean filling;
    private boolean checkEveryEdit;

    ScenarioEditorModel(ScenarioChecker checker) {
        this.checker = checker;
        for (javafx.beans.Observable field : new javafx.beans.Observable[] {name, description, tags, collection,
                profile, destructive, security}) {
            field.addListener(edited);
        }
        steps.addListener((ListChangeListener<StepModel>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(step -> List.of(step.observables()).forEach(o -> o.removeListener(edited)));
                change.getAddedSubList().forEach(step -> List.of(step.observables()).forEach(o -> o.addListener(edited)));
            }
            changed();
        });
    }

    /** Shows {@code fields} as loaded ({@code asNew}: not stored yet): unchanged, without problems. */
    void fill(ScenarioFields fields, boolean asNew) {
        filling = true;
        try {
            name.set(fields.name());
            description.set(fields.description());
            tags.set(fields.tags());
            collection.set(fields.collection());
            profile.set(fields.profile());
            destructive.set(fields.destructive());
            security.set(fields.security());
            steps.setAll(fields.steps().stream().map(StepModel::new).toList());
            selectedStep.set(steps.isEmpty() ? null : steps.get(0));
        } finally {
            filling = false;
        }
        baseline = fields;
        isNew = asNew;
        checkEveryEdit = false;
        showProblems(List.of());
        changed();
    }

    /** What was saved: the editor is unchanged again, with what it shows kept as typed. */
    void saved(ScenarioFields stored) {
        baseline = stored;
        isNew = false;
        checkEveryEdit = false;
        showProblems(List.of());
        changed();
    }

    /** After a conflict, "keep mine": the stored version moves, the text stays (and counts as changed). */
    void keepAsChanged(boolean nowNew) {
        isNew = nowNew;
        changed();
    }

    ScenarioFields fields() {
        return new ScenarioFields(name.get(), description.get(), tags.get(), collection.get(), destructive.get(),
                security.get(), profile.get(), steps.stream().map(StepModel::fields).toList());
    }

    /** Checks what the editor shows; the problems are shown, and from now on checked again at every edit. */
    ScenarioFields.Checked check() {
        ScenarioFields.Checked checked = fields().check(checker);
        showProblems(checked.problems());
        checkEveryEdit = !checked.valid();
        return checked;
    }

    /** Problems found elsewhere (the database), shown like the editor's own. */
    void showProblems(List<FieldProblem> found) {
        problems.clear();
        for (FieldProblem problem : found) {
            problems.merge(problem.field(), problem.message(), (a, b) -> a + "\n" + b);
        }
        problemList.setAll(found);
    }

    private void changed() {
        if (filling) {
            return;
        }
        dirty.set(isNew || !fields().equals(baseline));
        if (checkEveryEdit) {
            ScenarioFields.Checked checked = fields().check(checker);
            showProblems(checked.problems());
            checkEveryEdit = !checked.valid();
        }
    }

    // ---------------------------------------------------------------- steps

    public ObservableList<StepModel> steps() {
        return steps;
    }

    public ObjectProperty<@Nullable StepModel> selectedStepProperty() {
        return selectedStep;
    }

    public int selectedIndex() {
        StepModel selected = selectedStep.get();
        return selected == null ? -1 : steps.indexOf(selected);
    }

    /** Adds a step after the selected one (a GET of the base URL expecting 200) and selects it. */
    public void addStep() {
        int at = selectedIndex() < 0 ? steps.size() : selectedIndex() + 1;
        StepModel step = new StepModel(StepFields.blank(steps.size() + 1));
        steps.add(at, step);
        selectedStep.set(step);
    }

    public void removeSelected() {
        int index = selectedIndex();
        if (index >= 0) {
            steps.remove(index);
            selectedStep.set(steps.isEmpty() ? null : steps.get(Math.min(index, steps.size() - 1)));
        }
    }

    /** Moves the selected step up ({@code -1}) or down ({@code 1}); it stays selected. */
    public void moveSelected(int by) {
        int index = selectedIndex();
        int to = index + by;
        if (index >= 0 && to >= 0 && to < steps.size()) {
            StepModel step = steps.remove(index);
            steps.add(to, step);
            selectedStep.set(step);
        }
    }

    public List<String> stepNames() {
        return steps.stream().map(s -> s.name.get()).toList();
    }

    // ---------------------------------------------------------------- problems and state

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public boolean isNew() {
        return isNew;
    }

    public ObservableList<FieldProblem> problemList() {
        return problemList;
    }

    public ObservableMap<String, String> problems() {
        return problems;
    }

    /** The problem of a scenario field, "" when there is none. */
    public StringBinding problem(String field) {
        return Bindings.createStringBinding(() -> problems.getOrDefault(field, ""), problems);
    }

    /** The problem of the selected step's field ({@code part}: {@link Fields#URL}…), following the selection. */
    public StringBinding stepProblem(String part) {
        return Bindings.createStringBinding(() -> {
            int index = selectedIndex();
            return index < 0 ? "" : problems.getOrDefault(Fields.step(index) + part, "");
        }, problems, selectedStep, steps);
    }

    /** Whether a step has any problem (its row in the list is marked). */
    public boolean stepHasProblem(int index) {
        String prefix = Fields.step(index) + ".";
        return problems.keySet().stream().anyMatch(field -> field.startsWith(prefix));
    }

    /** A field's problem and its label, for the list of problems. */
    public String describe(FieldProblem problem) {
        return Fields.label(problem.field(), stepNames()) + ": " + problem.message();
    }

    /** The step a problem is in, if any (to select it). */
    public Optional<Integer> stepOf(FieldProblem problem) {
        return Fields.stepOf(problem.field());
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    public StringProperty tagsProperty() {
        return tags;
    }

    public StringProperty collectionProperty() {
        return collection;
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public BooleanProperty destructiveProperty() {
        return destructive;
    }

    public BooleanProperty securityProperty() {
        return security;
    }
}
