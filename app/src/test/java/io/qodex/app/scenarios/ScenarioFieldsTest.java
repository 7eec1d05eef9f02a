package io.qodex.app.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.adapters.http.JaywayJsonPaths;
import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.scenario.Expectations;
import io.qodex.domain.scenario.RequestSpec;
import io.qodex.domain.scenario.ScenarioChecker;
import io.qodex.domain.scenario.ScenarioSpec;
import io.qodex.domain.scenario.ScenarioStep;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The editor's lines ({@code Name: value}, {@code path = json}, {@code VAR = $.path}) to a scenario and back. */
class ScenarioFieldsTest {

    private static final ScenarioChecker CHECKER = new ScenarioChecker(new JaywayJsonPaths()::problem);

    @Test
    void headerLinesBecomeAnOrderedMapAndBlankLinesAreIgnored() {
        List<FieldProblem> problems = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        Map<String, String> headers = Lines.headers("Accept: application/json\n\n  X-Tenant :  ${TENANT}  \n"
                + "Authorization: Basic a:b", "steps[0].headers", problems, lines);
        assertThat(problems).isEmpty();
        assertThat(headers).containsExactly(Map.entry("Accept", "application/json"), Map.entry("X-Tenant", "${TENANT}"),
                Map.entry("Authorization", "Basic a:b"));
        assertThat(lines).containsExactly(1, 3, 4);
    }

    @Test
    void aHeaderLineWithoutAColonOrGivenTwiceIsAProblemNamingItsLine() {
        List<FieldProblem> problems = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        Map<String, String> headers = Lines.headers("Accept json\nX-A: 1\nx-a: 2\n: empty", "steps[1].headers",
                problems, lines);
        assertThat(headers).containsExactly(Map.entry("X-A", "1"));
        assertThat(lines).containsExactly(2);
        assertThat(problems).containsExactly(
                new FieldProblem("steps[1].headers", "Line 1: write a header as Name: value."),
                new FieldProblem("steps[1].headers", "Line 3: x-a is given twice."),
                new FieldProblem("steps[1].headers", "Line 4: write a header as Name: value."));
    }

    @Test
    void expectedValuesAreJsonAndKeepTheirType() {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Object> values = Lines.jsonValues("""
                $.items[0].name = "a = b"
                $.count = 2
                $.price=9.50
                $.ok = true
                $.none = null
                $.items[?(@.id == 1)].tags = ["x", "y"]
                """, "steps[0].jsonPath", problems, new ArrayList<>());
        assertThat(problems).isEmpty();
        assertThat(values).containsKeys("$.items[0].name", "$.count", "$.price", "$.ok", "$.none",
                "$.items[?(@.id == 1)].tags");
        assertThat(values.get("$.items[0].name")).isEqualTo("a = b");
        assertThat(values.get("$.count")).isEqualTo(BigInteger.TWO);
        assertThat(values.get("$.price")).isEqualTo(new BigDecimal("9.50"));
        assertThat(values.get("$.ok")).isEqualTo(true);
        assertThat(values.get("$.none")).isNull();
        assertThat(values.get("$.items[?(@.id == 1)].tags")).isEqualTo(List.of("x", "y"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            $.name = a                 | Line 1: the value must be JSON: text in quotes ("a"), a number, true, false, null, {…} or […].
            $.name                     | Line 1: write path = value, e.g. $.items[0].name = "a".
            = 1                        | Line 1: write path = value, e.g. $.items[0].name = "a".
            $.name = "a" "b"           | Line 1: the value must be JSON: text in quotes ("a"), a number, true, false, null, {…} or […].
            """)
    void anExpectedValueThatIsNotJsonIsAProblem(String line, String problem) {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(Lines.jsonValues(line, "steps[0].jsonPath", problems, new ArrayList<>())).isEmpty();
        assertThat(problems).containsExactly(new FieldProblem("steps[0].jsonPath", problem));
    }

    @Test
    void capturesAreVariableEqualsPath() {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, String> captures = Lines.captures("itemId = $.items[0].id\ntoken=$.data.token\nbroken\n"
                + "itemId = $.other", "steps[0].capture", problems, new ArrayList<>());
        assertThat(captures).containsExactly(Map.entry("itemId", "$.items[0].id"), Map.entry("token", "$.data.token"));
        assertThat(problems).extracting(FieldProblem::message).containsExactly(
                "Line 3: write VARIABLE = $.path, e.g. itemId = $.items[0].id.", "Line 4: itemId is captured twice.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            200   | 200 |
            ''    |     |
            99    |     | The status is a whole number from 100 to 599 (or empty).
            2xx   |     | The status is a whole number from 100 to 599 (or empty).
            """)
    void theStatusIsANumberOrNothing(String text, Integer expected, String problem) {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(Lines.number(text, "steps[0].status", 100, 599, "The status", problems))
                .isEqualTo(Optional.ofNullable(expected));
        assertThat(problems).extracting(FieldProblem::message)
                .containsExactlyElementsOf(problem == null ? List.of() : List.of(problem));
    }

    @Test
    void aStepSurvivesTheRoundTripThroughTheEditorsLines() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("$.items[0].name", "a");
        values.put("$.total", BigInteger.valueOf(3));
        values.put("$.gone", null);
        ScenarioStep step = new ScenarioStep("Create item", new RequestSpec("POST", "${baseUrl}/items",
                Map.of("Content-Type", "application/json"), Optional.of("{\"name\": \"a\"}")),
                new Expectations(Optional.of(201), values, List.of("$.id"), Map.of("Location", "/items/1"),
                        Optional.of(500L)), Map.of("itemId", "$.id"));
        StepFields fields = StepFields.of(step);
        assertThat(fields.jsonPath()).isEqualTo("$.items[0].name = \"a\"\n$.total = 3\n$.gone = null");
        assertThat(fields.capture()).isEqualTo("itemId = $.id");
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(fields.toStep(0, problems, new HashMap<>())).isEqualTo(step);
        assertThat(problems).isEmpty();
    }

    @Test
    void aScenarioSurvivesTheRoundTripAndTagsAreCommaSeparated() {
        ScenarioFields fields = new ScenarioFields("Items", "Lists the items.", " smoke, items ,, ", "Catalogue",
                true, false, "admin", List.of(StepFields.blank(1)));
        ScenarioFields.Checked checked = fields.check(CHECKER);
        assertThat(checked.problems()).isEmpty();
        ScenarioSpec spec = checked.spec();
        assertThat(spec.tags()).containsExactly("smoke", "items");
        assertThat(spec.collection()).contains("Catalogue");
        assertThat(spec.profile()).contains("admin");
        assertThat(ScenarioFields.of(spec)).isEqualTo(new ScenarioFields("Items", "Lists the items.", "smoke, items",
                "Catalogue", true, false, "admin", List.of(StepFields.blank(1))));
        assertThat(new ScenarioFields("Items", "", "", "", false, false, "", List.of(StepFields.blank(1)))
                .check(CHECKER).spec().collection()).isEmpty();
    }

    @Test
    void theCheckersProblemsComeBackUnderTheEditorsFieldsWithTheirLines() {
        StepFields step = new StepFields("", "GET", "${baseUrl/items", "Accept: json\nBad Name: x", "", "200",
                "\n$.a[ = 1", "", "", "", "1x = $.id");
        ScenarioFields fields = new ScenarioFields(" ", "", "a, a", "", false, false, "",
                List.of(StepFields.blank(1), step));
        List<FieldProblem> problems = fields.check(CHECKER).problems();
        assertThat(problems).extracting(FieldProblem::field).containsExactlyInAnyOrder("name", "tags",
                "steps[1].name", "steps[1].url", "steps[1].headers", "steps[1].jsonPath", "steps[1].capture");
        assertThat(problems).filteredOn(p -> p.field().equals("steps[1].headers")).extracting(FieldProblem::message)
                .containsExactly("Line 2: A header name has only letters, digits and -.");
        assertThat(problems).filteredOn(p -> p.field().equals("steps[1].jsonPath")).extracting(FieldProblem::message)
                .singleElement().asString().startsWith("Line 2: ");
        assertThat(problems).filteredOn(p -> p.field().equals("tags")).extracting(FieldProblem::message)
                .containsExactly("Tag 2: The tag a is given twice.");
        assertThat(new ScenarioFields("x", "", "", "", false, false, "", List.of()).check(CHECKER).problems())
                .containsExactly(new FieldProblem("steps", "A scenario has at least one step."));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            name             | Name
            steps            | Steps
            steps[0].url     | Step 1 (List) · URL
            steps[1].capture | Step 2 · Captures
            ''               | Scenario
            """)
    void fieldsAreNamedTheWayTheEditorLabelsThem(String field, String label) {
        assertThat(Fields.label(field, List.of("List", " "))).isEqualTo(label);
    }
}
