package io.qodex.app.scenarios;

import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.scenario.ScenarioChecker;
import io.qodex.domain.scenario.ScenarioSpec;
import io.qodex.domain.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scenario as the editor shows it, every part as text; comparing two tells whether anything was changed.
 * {@link #check} turns it into a {@link ScenarioSpec} with every problem, the lines' and the domain checker's, under
 * the editor's field names.
 */
record ScenarioFields(String name, String description, String tags, String collection, boolean destructive,
                      boolean security, String profile, List<StepFields> steps) {

    ScenarioFields {
        steps = List.copyOf(steps);
    }

    /** A scenario with what the editor shows. */
    record Checked(ScenarioSpec spec, List<FieldProblem> problems) {
        Checked {
            problems = List.copyOf(problems);
        }

        boolean valid() {
            return problems.isEmpty();
        }
    }

    static ScenarioFields blank(String name) {
        return new ScenarioFields(name, "", "", "", false, false, "", List.of(StepFields.blank(1)));
    }

    static ScenarioFields of(ScenarioSpec spec) {
        return new ScenarioFields(spec.name(), spec.description(), String.join(", ", spec.tags()),
                spec.collection().orElse(""), spec.destructive(), spec.security(), spec.profile().orElse(""),
                spec.steps().stream().map(StepFields::of).toList());
    }

    /** The tags: comma separated, spaces around each ignored, empty ones left out. */
    static List<String> tagList(String tags) {
        return Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    Checked check(ScenarioChecker checker) {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, List<Integer>> lines = new HashMap<>();
        List<ScenarioStep> parsed = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            parsed.add(steps.get(i).toStep(i, problems, lines));
        }
        ScenarioSpec spec = new ScenarioSpec(name, description, tagList(tags), Optional.of(collection), destructive,
                security, Optional.of(profile), parsed);
        for (FieldProblem problem : checker.problems(spec, "scenario")) {
            problems.add(Fields.fromDomain(problem, lines));
        }
        return new Checked(spec, problems);
    }
}
