package io.qodex.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.common.FieldProblem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The file format qodex.scenarios.v1: what export writes, import reads back the same; anything else is a problem. */
class ScenarioCodecTest {

    static ScenarioSpec sample() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("$.items[0].name", "a");
        values.put("$.count", BigInteger.ONE);
        values.put("$.price", new BigDecimal("12.5"));
        values.put("$.gone", null);
        ScenarioStep list = new ScenarioStep("get items",
                new RequestSpec("get", "${baseUrl}/items", Map.of("X-Api-Secret", "${API_SECRET}"), Optional.empty()),
                new Expectations(Optional.of(200), values, List.of("$.items"), Map.of("Content-Type", "application/json"),
                        Optional.of(500L)),
                Map.of("FIRST_ID", "$.items[0].id"));
        ScenarioStep create = new ScenarioStep("create", new RequestSpec("POST", "${baseUrl}/items", Map.of(),
                Optional.of("{\"name\": \"${FIRST_ID}\"}")), Expectations.NONE, Map.of());
        return new ScenarioSpec("list items", "Lists *items*.", List.of("smoke", "api"), Optional.of("catalog"), false,
                true, Optional.of("admin"), List.of(list, create));
    }

    @Test
    void whatIsExportedIsImportedBackTheSame() {
        Map<String, Object> tree = ScenarioCodec.toTree(List.of(sample()));
        assertThat(tree.get("format")).isEqualTo("qodex.scenarios.v1");
        ScenarioCodec.Parsed parsed = ScenarioCodec.parse(tree);
        assertThat(parsed).isInstanceOf(ScenarioCodec.Parsed.Scenarios.class);
        assertThat(((ScenarioCodec.Parsed.Scenarios) parsed).scenarios()).containsExactly(sample());
    }

    @Test
    void theIssuesExampleReads() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", "GET");
        request.put("url", "${baseUrl}/items");
        request.put("headers", Map.of("X-Api-Secret", "${API_SECRET}"));
        request.put("body", null);
        Map<String, Object> step = Map.of("name", "get items", "request", request,
                "expect", Map.of("status", BigInteger.valueOf(200), "jsonPath", Map.of("$.items[0].name", "a")),
                "capture", Map.of("FIRST_ID", "$.items[0].id"));
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("name", "list items");
        scenario.put("tags", List.of("smoke"));
        scenario.put("destructive", false);
        scenario.put("security", false);
        scenario.put("profile", null);
        scenario.put("steps", List.of(step));
        ScenarioCodec.Parsed parsed = ScenarioCodec.parse(Map.of("format", "qodex.scenarios.v1",
                "scenarios", List.of(scenario)));
        ScenarioSpec read = ((ScenarioCodec.Parsed.Scenarios) parsed).scenarios().get(0);
        assertThat(read.profile()).isEmpty();
        assertThat(read.steps().get(0).expect().status()).contains(200);
        assertThat(read.steps().get(0).capture()).containsEntry("FIRST_ID", "$.items[0].id");
    }

    @Test
    void aJsonBodyWrittenAsJsonBecomesItsText() {
        Map<String, Object> step = Map.of("name", "s", "request", Map.of("method", "POST", "url", "${baseUrl}",
                "body", Map.of("name", "${NAME}")));
        ScenarioCodec.Parsed parsed = ScenarioCodec.parse(Map.of("format", "qodex.scenarios.v1",
                "scenarios", List.of(Map.of("name", "n", "steps", List.of(step)))));
        assertThat(((ScenarioCodec.Parsed.Scenarios) parsed).scenarios().get(0).steps().get(0).request().body())
                .contains("{\"name\":\"${NAME}\"}");
    }

    @Test
    void everyProblemIsNamedByItsField() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("name", BigInteger.TEN);
        bad.put("steps", List.of(Map.of("name", "s", "request", Map.of("method", "GET"), "expect",
                Map.of("status", BigInteger.valueOf(700), "jsonPath", "x"))));
        bad.put("extra", true);
        ScenarioCodec.Parsed parsed = ScenarioCodec.parse(Map.of("format", "other", "scenarios", List.of(bad, "x")));
        assertThat(parsed).isInstanceOf(ScenarioCodec.Parsed.Refused.class);
        assertThat(((ScenarioCodec.Parsed.Refused) parsed).problems()).extracting(FieldProblem::toString).contains(
                "format: This is not a Qodex scenario file (expected qodex.scenarios.v1).",
                "scenarios[0].extra: Unknown field.",
                "scenarios[0].name: Expected text, found a number.",
                "scenarios[0].steps[0].request.url: Missing.",
                "scenarios[0].steps[0].expect.status: Must be between 100 and 599.",
                "scenarios[0].steps[0].expect.jsonPath: Expected an object of JSONPath → value, found text.",
                "scenarios[1]: Expected an object, found text.");
    }

    @Test
    void tooManyScenariosAreOneProblemAndNoneIsRead() {
        List<Object> many = java.util.Collections.nCopies(ScenarioCodec.MAX_SCENARIOS + 1, Map.of("name", "x"));
        ScenarioCodec.Parsed parsed = ScenarioCodec.parse(Map.of("format", "qodex.scenarios.v1", "scenarios", many));
        assertThat(((ScenarioCodec.Parsed.Refused) parsed).problems()).extracting(FieldProblem::toString)
                .containsExactly("scenarios: At most 1000 entries (1001 given).");
    }
}
