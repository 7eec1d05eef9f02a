package io.qodex.domain.environment;

import io.qodex.domain.common.FieldProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Import is strict and lists every problem with its field; an export round-trips without its secrets. */
class EnvironmentImportTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", EnvironmentExport.FORMAT);
        root.put("name", "Staging");
        root.put("preset", "staging");
        root.put("baseUrl", "https://staging.example.com");
        return root;
    }

    private static List<FieldProblem> problems(Object tree) {
        EnvironmentImport.Result result = EnvironmentImport.parse(tree);
        return result instanceof EnvironmentImport.Result.Refused refused ? refused.problems() : List.of();
    }

    @Test
    void anExportRoundTripsWithSecretsMarkedAsLeftOut() {
        Environment stored = new Environment(5, 7, new EnvironmentName("Production"),
                new HttpUrl("https://shop.example.com"), Optional.of(new HttpUrl("https://api.shop.example.com")),
                EnvironmentPreset.PRODUCTION, EnvironmentPreset.PRODUCTION.appearance(),
                EnvironmentPreset.PRODUCTION.constraints(),
                List.of(new Variable(1, new VariableName("TENANT"), false, Optional.of("acme"), Optional.empty()),
                        new Variable(2, new VariableName("API_KEY"), true, Optional.empty(),
                                Optional.of(new SealedSecret("v1.1.AAAA")))),
                List.of(new AuthProfile(3, new ProfileName("admin"), Optional.of("admin@shop.example"),
                        Optional.of(new SealedSecret("v1.1.BBBB")), Optional.empty(),
                        Optional.of(ApiLoginConfig.jsonPost("${apiBaseUrl}/login", "{}", "$.token")), false)),
                0, 9, new ChangeStamp(Optional.empty(), Instant.EPOCH));
        Map<String, Object> tree = EnvironmentExport.toTree(stored);
        assertThat(tree.toString()).doesNotContain("v1.1.");
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) ((List<Object>) tree.get("variables")).get(1);
        assertThat(key).containsEntry("secret", true).containsEntry("omitted", true).doesNotContainKey("value");

        EnvironmentImport.Result result = EnvironmentImport.parse(tree);
        assertThat(result).isInstanceOf(EnvironmentImport.Result.Parsed.class);
        EnvironmentDraft draft = ((EnvironmentImport.Result.Parsed) result).draft();
        assertThat(draft.isNew()).isTrue();
        assertThat(draft.name()).isEqualTo("Production");
        assertThat(draft.apiBaseUrl()).isEqualTo("https://api.shop.example.com");
        assertThat(draft.readOnly()).isTrue();
        assertThat(draft.variables()).extracting(VariableDraft::name).containsExactly("TENANT", "API_KEY");
        assertThat(draft.variables().get(1).secretValue()).isEqualTo(SecretInput.KEEP);
        assertThat(draft.profiles().get(0).apiLogin().orElseThrow().url()).isEqualTo("${apiBaseUrl}/login");
    }

    @Test
    void wrongTypesAndUnknownFieldsAreAllListed() {
        Map<String, Object> root = minimal();
        root.put("name", 42);
        root.put("readOnly", "yes");
        root.put("maxRequestsPerSecond", 5.5);
        root.put("evil", Map.of());
        Map<String, Object> variable = new LinkedHashMap<>();
        variable.put("name", List.of("x"));
        variable.put("valu", "typo");
        root.put("variables", List.of(variable, "not an object"));
        root.put("authProfiles", Map.of());
        assertThat(problems(root)).extracting(FieldProblem::toString).contains(
                "name: Expected text, found a number.",
                "readOnly: Expected true or false, found text.",
                "maxRequestsPerSecond: Expected a whole number, found a decimal number.",
                "evil: Unknown field.",
                "variables[0].valu: Unknown field.",
                "variables[0].name: Expected text, found a list.",
                "variables[1]: Expected an object, found text.",
                "authProfiles: Expected a list, found an object.");
    }

    @Test
    void hugeValuesAndTooManyVariablesAreRefusedWithoutEchoingThem() {
        Map<String, Object> root = minimal();
        root.put("baseUrl", "https://x.example/" + "a".repeat(100_000));
        List<Object> variables = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            variables.add(Map.of("name", "V" + i, "value", "x"));
        }
        root.put("variables", variables);
        root.put("maxRequestsPerSecond", new BigInteger("99999999999999999999999"));
        List<FieldProblem> problems = problems(root);
        assertThat(problems).extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("baseUrl", "variables", "maxRequestsPerSecond");
        assertThat(problems.toString()).doesNotContain("aaaa").hasSizeLessThan(1000);
    }

    @Test
    void notAnExportAtAll() {
        assertThat(problems(List.of(1, 2))).extracting(FieldProblem::toString)
                .containsExactly("(file): Expected an object, found a list.");
        Map<String, Object> other = minimal();
        other.put("format", "postman.collection");
        assertThat(problems(other)).extracting(FieldProblem::field).containsExactly("format");
        Map<String, Object> missing = new LinkedHashMap<>();
        assertThat(problems(missing)).extracting(FieldProblem::toString)
                .contains("format: Missing.", "name: Missing.", "baseUrl: Missing.");
    }

    @Test
    void theProblemListIsCapped() {
        Map<String, Object> root = minimal();
        for (int i = 0; i < 500; i++) {
            root.put("unknown" + i, i);
        }
        List<FieldProblem> problems = problems(root);
        assertThat(problems).hasSize(101);
        assertThat(problems.get(100).message()).isEqualTo("…and 400 more problems.");
    }

    @Test
    void secretValuesMayBeGivenByHand() {
        Map<String, Object> root = minimal();
        root.put("variables", List.of(Map.of("name", "API_KEY", "secret", true, "value", "k-123456789")));
        root.put("authProfiles", List.of(Map.of("name", "admin", "password", "pw-123456789",
                "apiLogin", Map.of("url", "${baseUrl}/login", "tokenPath", "$.token"))));
        EnvironmentDraft draft = ((EnvironmentImport.Result.Parsed) EnvironmentImport.parse(root)).draft();
        assertThat(draft.variables().get(0).secretValue()).isInstanceOf(SecretInput.Replace.class);
        assertThat(draft.profiles().get(0).password()).isInstanceOf(SecretInput.Replace.class);
        assertThat(draft.profiles().get(0).apiLogin().orElseThrow().headers())
                .containsExactly(LoginHeader.contentTypeJson());
        DraftSecrets.wipe(draft);
    }
}
