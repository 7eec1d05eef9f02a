package io.qodex.app.environments;

import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.VariableDraft;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.collections.ObservableSet;

/**
 * The Variables tab: one {@link VariableRowModel} per variable of the draft, in its order. Showing another
 * environment refills the rows it already has (and adds or drops rows at the end), so the editor's row nodes are
 * reused; adding and removing rows edit the draft.
 */
public final class VariablesModel {

    private final Consumer<UnaryOperator<EnvironmentDraft>> edits;
    private final ObservableMap<String, String> problems;
    private final BiConsumer<String, Consumer<String>> reveal;
    private final ObservableList<VariableRowModel> rows = FXCollections.observableArrayList();
    private final StringBinding listProblem;
    /** Rows added and not typed in yet: their problems ("Enter a variable name.") wait for typing or a save. */
    private final ObservableSet<VariableRowModel> untouched = FXCollections.observableSet();

    /**
     * @param reveal opens the stored secret of the variable with that (stored) name and hands it to the consumer
     */
    VariablesModel(Consumer<UnaryOperator<EnvironmentDraft>> edits, ObservableMap<String, String> problems,
                   BiConsumer<String, Consumer<String>> reveal) {
        this.edits = edits;
        this.problems = problems;
        this.reveal = reveal;
        this.listProblem = Bindings.createStringBinding(() -> problems.getOrDefault("variables", ""), problems);
    }

    public ObservableList<VariableRowModel> rows() {
        return rows;
    }

    /** A problem with the list as a whole (too many variables …), or "". */
    public StringBinding listProblem() {
        return listProblem;
    }

    /** Shows a draft's variables, reusing the rows there are. */
    void fill(EnvironmentDraft draft) {
        untouched.clear();
        List<VariableDraft> variables = draft.variables();
        if (rows.size() > variables.size()) {
            rows.remove(variables.size(), rows.size());
        }
        List<VariableRowModel> added = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            VariableRowModel row = i < rows.size() ? rows.get(i) : new VariableRowModel(this);
            row.fill(variables.get(i));
            if (i >= rows.size()) {
                added.add(row);
            }
        }
        rows.addAll(added);
    }

    /** A new plain variable at the end, empty. */
    public void add() {
        edits.accept(d -> {
            List<VariableDraft> next = new ArrayList<>(d.variables());
            next.add(VariableDraft.plain("", ""));
            return d.withVariables(next);
        });
        VariableRowModel row = new VariableRowModel(this);
        row.fill(VariableDraft.plain("", ""));
        untouched.add(row);
        rows.add(row);
    }

    void remove(VariableRowModel row) {
        int index = rows.indexOf(row);
        if (index < 0) {
            return;
        }
        edits.accept(d -> {
            List<VariableDraft> next = new ArrayList<>(d.variables());
            next.remove(index);
            return d.withVariables(next);
        });
        untouched.remove(row);
        rows.remove(index);
    }

    /** Something was typed in the row: its problems show from now on. */
    void touched(VariableRowModel row) {
        untouched.remove(row);
    }

    /** A save was tried: every row's problems show, also those of rows nobody typed in. */
    void showAllProblems() {
        untouched.clear();
    }

    void edit(VariableRowModel row, UnaryOperator<VariableDraft> change) {
        int index = rows.indexOf(row);
        if (index < 0) {
            return;
        }
        edits.accept(d -> {
            List<VariableDraft> next = new ArrayList<>(d.variables());
            if (index < next.size()) {
                next.set(index, change.apply(next.get(index)));
            }
            return d.withVariables(next);
        });
    }

    void reveal(String storedName, Consumer<String> shown) {
        reveal.accept(storedName, shown);
    }

    /** The message for a field of a row ({@code variables[i].name}), following the row when rows before it go. */
    StringBinding problemOf(VariableRowModel row, String field) {
        return Bindings.createStringBinding(() -> untouched.contains(row) ? ""
                : problems.getOrDefault("variables[" + rows.indexOf(row) + "]" + field, ""), problems, rows, untouched);
    }
}
