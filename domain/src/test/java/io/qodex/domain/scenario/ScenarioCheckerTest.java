package io.qodex.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.common.QodexException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScenarioCheckerTest {

    private final ScenarioChecker checker = new ScenarioChecker(path -> path.contains("??")
            ? Optional.of("The JSONPath does not compile.") : Optional.empty());

    private static ScenarioSpec with(ScenarioStep step) {
        return new ScenarioSpec("s", "", List.of(), Optional.empty(), false, false, Optional.empty(), List.of(step));
    }

    private List<String> problems(ScenarioSpec spec) {
        return checker.problems(spec, "scenario").stream().map(FieldProblem::toString).toList();
    }

    @Test
    void theSampleIsFine() {
        assertThat(problems(ScenarioCodecTest.sample())).isEmpty();
    }

    @Test
    void methodsTemplatesHeadersPathsAndCapturesAreChecked() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Bad Header", "x");
        headers.put("X-Two", "a\nb");
        headers.put("X-Ref", "${oops");
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("items", 1);
        paths.put("$.a??", 1);
        ScenarioStep step = new ScenarioStep("", new RequestSpec("TRACE", " ", headers, Optional.of("${1x}")),
                new Expectations(Optional.empty(), paths, List.of(""), Map.of(), Optional.empty()),
                Map.of("1bad", "$.id"));
        assertThat(problems(with(step))).contains(
                "scenario.steps[0].name: Enter the step's name.",
                "scenario.steps[0].request.method: The method must be one of GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE.",
                "scenario.steps[0].request.url: Enter the URL, e.g. ${baseUrl}/items.",
                "scenario.steps[0].request.headers[0]: A header name has only letters, digits and -.",
                "scenario.steps[0].request.headers[1]: A header value is one line.",
                "scenario.steps[0].expect.jsonPath[0]: A JSONPath starts with $, e.g. $.data.token.",
                "scenario.steps[0].expect.jsonPath[1]: The JSONPath does not compile.",
                "scenario.steps[0].expect.jsonPathExists[0]: Enter a JSONPath, e.g. $.items[0].id.")
                .anyMatch(p -> p.startsWith("scenario.steps[0].request.headers[2]:"))
                .anyMatch(p -> p.startsWith("scenario.steps[0].request.body:"))
                .anyMatch(p -> p.startsWith("scenario.steps[0].capture[0]: A variable name starts with a letter"));
    }

    @Test
    void aScenarioHasAStepANameAndFewTags() {
        ScenarioSpec empty = new ScenarioSpec(" ", "", List.of("a", "a", "x,y"), Optional.empty(), false, false,
                Optional.empty(), List.of());
        assertThat(problems(empty)).containsExactly("scenario.name: Enter the scenario's name.",
                "scenario.tags[1]: The tag a is given twice.",
                "scenario.tags[2]: A tag has no commas, control or invisible characters, or surrounding spaces.",
                "scenario.steps: A scenario has at least one step.");
        assertThatThrownBy(() -> checker.require(empty)).isInstanceOf(QodexException.class)
                .hasMessage("scenario.name: Enter the scenario's name. (and 3 more)");
    }

    @Test
    void namesThatLookLikeOthersAreRefused() {
        ScenarioSpec sneaky = ScenarioCodecTest.sample().renamed("rate0\u200b");
        assertThat(problems(sneaky)).containsExactly("scenario.name: A scenario name has no control or invisible "
                + "characters (such as zero-width spaces or right-to-left overrides).");
        assertThat(problems(ScenarioCodecTest.sample().renamed("abc\u202Etxt.exe"))).hasSize(1);
    }
}
