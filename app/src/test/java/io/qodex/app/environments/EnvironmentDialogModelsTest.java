package io.qodex.app.environments;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.common.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The models behind "New environment" and "Delete environment". */
class EnvironmentDialogModelsTest {

    @Test
    void newEnvironmentPutsEachProblemNextToItsFieldAndClosesOnceCreated() {
        List<List<FieldProblem>> answers = new ArrayList<>(List.of(
                List.of(new FieldProblem("baseUrl", "A URL starts with http:// or https://."),
                        new FieldProblem("", "Production already exists.")),
                List.of()));
        List<String> asked = new ArrayList<>();
        CreateEnvironmentModel form = new CreateEnvironmentModel(EnvironmentPreset.PRODUCTION,
                (preset, name, baseUrl, apiBaseUrl, problems) -> {
                    asked.add(preset + " " + name + " " + baseUrl + " " + apiBaseUrl);
                    problems.accept(answers.remove(0));
                });
        assertThat(form.name().get()).isEqualTo("Production");
        assertThat(form.heading()).isEqualTo("New environment from the Production preset");
        int[] closed = {0};
        form.baseUrl().set("shop.example.com");
        form.submit(() -> closed[0]++);
        assertThat(form.baseUrlProblem().get()).isEqualTo("A URL starts with http:// or https://.");
        assertThat(form.otherProblem().get()).isEqualTo("Production already exists.");
        assertThat(form.nameProblem().get()).isEmpty();
        assertThat(closed[0]).isZero();
        form.baseUrl().set("https://shop.example.com");
        form.submit(() -> closed[0]++);
        assertThat(form.baseUrlProblem().get()).isEmpty();
        assertThat(form.otherProblem().get()).isEmpty();
        assertThat(closed[0]).isEqualTo(1);
        assertThat(asked).containsExactly("PRODUCTION Production shop.example.com ",
                "PRODUCTION Production https://shop.example.com ");
    }

    @Test
    void aCustomEnvironmentStartsWithoutAName() {
        assertThat(new CreateEnvironmentModel(EnvironmentPreset.CUSTOM, (p, n, b, a, problems) -> { }).name().get())
                .isEmpty();
    }

    @Test
    void deletingNeedsTheExactNameAndKeepsARefusalInTheDialog() {
        List<String> typedNames = new ArrayList<>();
        DeleteEnvironmentModel confirmation = new DeleteEnvironmentModel("Staging", (typed, refusal) -> {
            typedNames.add(typed);
            refusal.accept(typedNames.size() == 1 ? "Someone changed Staging meanwhile." : "");
        });
        assertThat(confirmation.confirmed().get()).isFalse();
        confirmation.typed().set("staging");
        assertThat(confirmation.confirmed().get()).isFalse();
        confirmation.typed().set("Staging");
        assertThat(confirmation.confirmed().get()).isTrue();
        int[] deleted = {0};
        confirmation.submit(() -> deleted[0]++);
        assertThat(confirmation.refusal().get()).isEqualTo("Someone changed Staging meanwhile.");
        assertThat(deleted[0]).isZero();
        confirmation.submit(() -> deleted[0]++);
        assertThat(deleted[0]).isEqualTo(1);
        assertThat(typedNames).containsExactly("Staging", "Staging");
    }
}
