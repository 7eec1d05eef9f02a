package io.qodex.app.environments;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The General tab: filling shows a draft, edits change only their own field, the rate is parsed here. */
class EnvironmentFormModelTest {

    private final StoredEnvironments.Draft draft = new StoredEnvironments.Draft(StoredEnvironments.staging());
    private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
    private final EnvironmentFormModel model = new EnvironmentFormModel(draft::apply, problems);

    EnvironmentFormModelTest() {
        model.fill(draft.value);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(textBlock = """
            20,     20
            ' 7 ',  7
            0,      0
            abc,    -1
            '',     -1
            2.5,    -1
            """)
    void theRateAsTyped(String typed, int rate) {
        model.maxRequestsPerSecond().set(typed);
        assertThat(draft.value.maxRequestsPerSecond()).isEqualTo(rate);
    }

    @Test
    void fillingEditsNothingAndEachFieldChangesOnlyItself() {
        assertThat(model.name().get()).isEqualTo("Staging");
        assertThat(model.maxRequestsPerSecond().get()).isEqualTo("10");
        assertThat(draft.edits).isZero();
        model.apiBaseUrl().set("https://api.staging.shop.example");
        assertThat(draft.value.baseUrl()).isEqualTo("https://staging.shop.example");
        assertThat(draft.value.apiBaseUrl()).isEqualTo("https://api.staging.shop.example");
        model.readOnly().set(true);
        assertThat(draft.value.readOnly()).isTrue();
        assertThat(draft.value.maxRequestsPerSecond()).isEqualTo(10);
        boolean productionLike = draft.value.productionLike();
        model.productionLike().set(!productionLike);
        assertThat(draft.value.productionLike()).isEqualTo(!productionLike);
        assertThat(draft.value.label()).isEqualTo(model.label().get());
        assertThat(draft.edits).isEqualTo(3);
    }

    @Test
    void aFieldsProblemFollowsTheDraftsProblems() {
        problems.put("baseUrl", "A URL starts with http:// or https://.");
        assertThat(model.problem("baseUrl").get()).isEqualTo("A URL starts with http:// or https://.");
        problems.clear();
        assertThat(model.problem("baseUrl").get()).isEmpty();
    }
}
