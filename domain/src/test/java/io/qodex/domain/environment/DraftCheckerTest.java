package io.qodex.domain.environment;

import io.qodex.domain.common.FieldProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.common.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid inputs produce problems naming their field; every problem is listed, not only the first. */
class DraftCheckerTest {

    private static final EnvironmentSummary PRODUCTION = new EnvironmentSummary(1, 7, new EnvironmentName("Production"),
            new HttpUrl("https://shop.example.com"), Optional.empty(), EnvironmentPreset.PRODUCTION,
            EnvironmentPreset.PRODUCTION.appearance(), EnvironmentPreset.PRODUCTION.constraints(), 0, 3);

    private final DraftChecker checker = new DraftChecker(List.of(PRODUCTION), path -> Optional.empty());

    private static EnvironmentDraft valid() {
        return EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA", "https://qa.shop.example.com/", "")
                .withVariable(VariableDraft.plain("TENANT", "acme"))
                .withProfile("admin", p -> p.withEmail("admin@shop.example")
                        .withPassword(SecretInput.replace(Secret.copyOf("hunter2-but-longer")))
                        .withApiLogin(Optional.of(ApiLoginDraft.defaults())));
    }

    @Test
    void aGoodDraftBecomesASpecWithNormalisedValues() {
        CheckedDraft checked = checker.check(valid());
        assertThat(checked.problems()).isEmpty();
        EnvironmentSpec spec = ((CheckedDraft.Valid) checked).spec();
        assertThat(spec.baseUrl().value()).isEqualTo("https://qa.shop.example.com");
        assertThat(spec.apiBaseUrl()).isEmpty();
        assertThat(spec.constraints()).isEqualTo(new Constraints(false, 20, true, true));
        assertThat(spec.profiles().get(0).apiLogin().orElseThrow().method()).isEqualTo(HttpMethod.POST);
    }

    @ParameterizedTest(name = "{0} = [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            name        |                          | Enter a name
            name        | production               | already exists
            baseUrl     |                          | Enter a URL
            baseUrl     | shop.example.com         | absolute URL starting with http:// or https://
            baseUrl     | ftp://shop.example.com   | absolute URL starting with http:// or https://
            baseUrl     | /api                     | absolute URL starting with http:// or https://
            baseUrl     | https://u:p@shop.example | Do not put credentials in a URL
            baseUrl     | https://shop.example/#x  | cannot have a #fragment
            baseUrl     | https://exa mple.com     | not a valid URL
            apiBaseUrl  | api.example.com          | absolute URL
            color       | red                      | #rrggbb
            label       | 1234567890123456789012345 | at most 24 characters
            """)
    void badTopLevelFieldsAreNamed(String field, String value, String message) {
        String text = value == null ? "" : value;
        EnvironmentDraft draft = switch (field) {
            case "name" -> valid().withName(text);
            case "baseUrl" -> valid().withUrls(text, "");
            case "apiBaseUrl" -> valid().withUrls("https://shop.example.com", text);
            case "color" -> valid().withAppearance(text, "QA", false);
            default -> valid().withAppearance("", text, false);
        };
        assertThat(checker.check(draft).problems())
                .anySatisfy(p -> {
                    assertThat(p.field()).isEqualTo(field);
                    assertThat(p.message()).contains(message);
                });
    }

    @ParameterizedTest
    @CsvSource({"0", "1001", "-5"})
    void theRateMustBeBetweenOneAndAThousand(int rate) {
        EnvironmentDraft draft = valid().withConstraints(false, rate, false, false);
        assertThat(checker.check(draft).problems()).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("maxRequestsPerSecond"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            1abc         | starts with a letter or _
            with-dash    | starts with a letter or _
            baseUrl      | is built in
            AUTH_EMAIL   | is built in
            ''           | Enter a variable name
            """)
    void variableNamesFollowTheShape(String name, String message) {
        EnvironmentDraft draft = valid().withVariable(VariableDraft.plain(name, "x"));
        assertThat(checker.check(draft).problems()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("variables[1].name");
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void everyProblemIsListedWithItsField() {
        EnvironmentDraft draft = valid().withName("").withUrls("nope", "")
                .withVariables(List.of(VariableDraft.plain("X", "1"), VariableDraft.plain("X", "2"),
                        VariableDraft.plain("Y", "${UNKNOWN}")))
                .withProfile("admin", p -> p.withApiLogin(Optional.of(new ApiLoginDraft("DELETE", "/login",
                        List.of(new LoginHeader("Bad Header", "v"), new LoginHeader("X-Ok", "a\nb")), "{}",
                        "$.data["))));
        List<FieldProblem> problems = checker.check(draft).problems();
        assertThat(problems).extracting(FieldProblem::field).contains("name", "baseUrl", "variables[1].name",
                "authProfiles[0].apiLogin.method", "authProfiles[0].apiLogin.url",
                "authProfiles[0].apiLogin.headers[0].name", "authProfiles[0].apiLogin.headers[1].value",
                "authProfiles[0].apiLogin.tokenPath");
    }

    @Test
    void unknownAndCyclicReferencesAreReportedOnTheirFieldOnceTheStructureIsSound() {
        EnvironmentDraft draft = valid().withVariables(List.of(VariableDraft.plain("A", "${B}"),
                        VariableDraft.plain("B", "${A}"), VariableDraft.plain("C", "${nope}")))
                .withProfile("admin", p -> p.withApiLogin(Optional.of(new ApiLoginDraft("POST", "${LOGIN_PATH}",
                        List.of(), "{\"u\": \"${authEmail}\", \"t\": \"${missing}\"}", "$.token"))))
                .withVariable(VariableDraft.plain("LOGIN_PATH", "/api/login"));
        List<FieldProblem> problems = checker.check(draft).problems();
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("variables[0].value");
            assertThat(p.message()).contains("A → B → A");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("variables[2].value");
            assertThat(p.message()).contains("${nope}");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("authProfiles[0].apiLogin.url");
            assertThat(p.message()).contains("bare path");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("authProfiles[0].apiLogin.body");
            assertThat(p.message()).contains("${missing}");
        });
    }

    @Test
    void missingValuesAreNotErrorsBeforeUse() {
        EnvironmentDraft draft = EnvironmentDraft.fromPreset(EnvironmentPreset.LOCAL, "Local", "http://localhost:8080", "")
                .withVariable(new VariableDraft(OptionalLong.empty(), "TOKEN", true, "", SecretInput.KEEP))
                .withVariable(VariableDraft.plain("AUTH_HEADER", "Bearer ${TOKEN}"))
                .withProfile("user", p -> p.withApiLogin(Optional.of(ApiLoginDraft.defaults())));
        assertThat(checker.check(draft).problems()).isEmpty();
    }

    @Test
    void aKeptVariableMustStillExistAndAPlainOneMustBeRetypedToBecomeSecret() {
        Environment stored = new Environment(1, 7, new EnvironmentName("Production"),
                new HttpUrl("https://shop.example.com"), Optional.empty(), EnvironmentPreset.PRODUCTION,
                EnvironmentPreset.PRODUCTION.appearance(), EnvironmentPreset.PRODUCTION.constraints(),
                List.of(new Variable(11, new VariableName("PLAIN"), false, Optional.of("v"), Optional.empty())),
                List.of(), 0, 3, new ChangeStamp(Optional.empty(), Instant.EPOCH));
        EnvironmentDraft draft = EnvironmentDraft.of(stored).withVariables(List.of(
                new VariableDraft(OptionalLong.of(11), "PLAIN", true, "", SecretInput.KEEP),
                new VariableDraft(OptionalLong.of(99), "GONE", false, "x", SecretInput.KEEP)));
        assertThat(checker.check(draft).problems()).extracting(FieldProblem::field)
                .containsExactly("variables[0].value", "variables[1]");
    }

    @Test
    void theTokenPathIsCheckedHereAndByTheLibrary() {
        DraftChecker strict = new DraftChecker(List.of(), path -> path.contains("?") ? Optional.of("bad filter")
                : Optional.empty());
        for (String path : List.of("data.token", "$.data[", "$.a)", "$.", "$['x", "$[]")) {
            EnvironmentDraft draft = valid().withProfile("admin", p -> p.withApiLogin(Optional.of(new ApiLoginDraft(
                    "POST", "${baseUrl}/login", List.of(), "{}", path))));
            assertThat(strict.check(draft).problems()).as(path).extracting(FieldProblem::field)
                    .containsExactly("authProfiles[0].apiLogin.tokenPath");
        }
        EnvironmentDraft filtered = valid().withProfile("admin", p -> p.withApiLogin(Optional.of(new ApiLoginDraft(
                "POST", "${baseUrl}/login", List.of(), "{}", "$.a[?(@.x)]"))));
        assertThat(strict.check(filtered).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("bad filter"));
    }

    @Test
    void loginIdentifiersNeedNotBeEmailAddresses() {
        EnvironmentDraft draft = valid().withProfile("admin", p -> p.withEmail("operator_7"));
        assertThat(checker.check(draft).problems()).isEmpty();
    }
}
