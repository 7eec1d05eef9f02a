package io.qodex.app.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.adapters.http.JaywayJsonPaths;
import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.scenario.ScenarioChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The editor's state: what counts as changed, the steps' order, and problems that go away once fixed. */
class ScenarioEditorModelTest {

    private final ScenarioEditorModel editor = new ScenarioEditorModel(
            new ScenarioChecker(new JaywayJsonPaths()::problem));

    private static ScenarioFields stored() {
        return new ScenarioFields("Items", "", "smoke", "", false, false, "", List.of(
                new StepFields("List", "GET", "${baseUrl}/items", "", "", "200", "", "", "", "", "id = $.items[0].id"),
                new StepFields("Read", "GET", "${baseUrl}/items/${id}", "", "", "200", "$.name = \"a\"", "", "", "",
                        "")));
    }

    @Test
    void aLoadedScenarioIsUnchangedUntilEditedAndUnchangedAgainWhenTheEditIsUndone() {
        editor.fill(stored(), false);
        assertThat(editor.dirtyProperty().get()).isFalse();
        editor.steps().get(1).urlProperty().set("${baseUrl}/things");
        assertThat(editor.dirtyProperty().get()).isTrue();
        editor.steps().get(1).urlProperty().set("${baseUrl}/items/${id}");
        assertThat(editor.dirtyProperty().get()).isFalse();
        editor.securityProperty().set(true);
        assertThat(editor.dirtyProperty().get()).isTrue();
    }

    @Test
    void aNewScenarioCountsAsChangedUntilSaved() {
        editor.fill(ScenarioFields.blank("New scenario"), true);
        assertThat(editor.dirtyProperty().get()).isTrue();
        editor.saved(editor.fields());
        assertThat(editor.dirtyProperty().get()).isFalse();
        assertThat(editor.isNew()).isFalse();
    }

    @Test
    void stepsAreAddedAfterTheSelectedOneAndMoveWithTheirSelection() {
        editor.fill(stored(), false);
        assertThat(editor.selectedIndex()).isZero();
        editor.addStep();
        assertThat(editor.stepNames()).containsExactly("List", "Step 3", "Read");
        assertThat(editor.selectedIndex()).isEqualTo(1);
        editor.moveSelected(1);
        assertThat(editor.stepNames()).containsExactly("List", "Read", "Step 3");
        assertThat(editor.selectedIndex()).isEqualTo(2);
        editor.moveSelected(1);
        assertThat(editor.stepNames()).as("the last step stays last").containsExactly("List", "Read", "Step 3");
        editor.removeSelected();
        assertThat(editor.stepNames()).containsExactly("List", "Read");
        assertThat(editor.selectedIndex()).isEqualTo(1);
        assertThat(editor.dirtyProperty().get()).isFalse();
    }

    @Test
    void afterAFailedCheckEachProblemGoesAwayAsSoonAsItIsFixed() {
        editor.fill(stored(), false);
        editor.nameProperty().set(" ");
        editor.steps().get(1).headersProperty().set("Accept json");
        ScenarioFields.Checked checked = editor.check();
        assertThat(checked.valid()).isFalse();
        assertThat(editor.problems()).containsOnlyKeys("name", "steps[1].headers");
        assertThat(editor.stepHasProblem(1)).isTrue();
        assertThat(editor.stepHasProblem(0)).isFalse();
        assertThat(editor.problemList()).extracting(editor::describe).containsExactly(
                "Step 2 (Read) · Headers: Line 1: write a header as Name: value.", "Name: Enter the scenario's name.");
        editor.selectedStepProperty().set(editor.steps().get(1));
        assertThat(editor.stepProblem(Fields.HEADERS).get()).isEqualTo("Line 1: write a header as Name: value.");

        editor.nameProperty().set("Items");
        assertThat(editor.problems()).containsOnlyKeys("steps[1].headers");
        editor.steps().get(1).headersProperty().set("Accept: application/json");
        assertThat(editor.problems()).isEmpty();
        assertThat(editor.problemList()).isEmpty();
        assertThat(editor.steps().get(1).headersProperty().get()).as("nothing typed changes")
                .isEqualTo("Accept: application/json");
    }

    @Test
    void problemsFoundElsewhereAreShownLikeTheEditorsOwn() {
        editor.fill(stored(), false);
        editor.showProblems(List.of(new FieldProblem("name", "A scenario named Items exists already.")));
        assertThat(editor.problem("name").get()).isEqualTo("A scenario named Items exists already.");
        assertThat(editor.problem("tags").get()).isEmpty();
    }
}
