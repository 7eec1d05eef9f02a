package io.qodex.domain.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** F6 variable resolution: built-ins and their twins, custom variables, JSON escaping, unknown and cyclic names. */
class VariableResolverTest {

    private static final String PASSWORD = "pa\"ss\\wo\nrd";
    private static final String API_KEY = "key-1234567890abcd";

    private static Map<String, Binding> bindings() {
        Map<String, Binding> b = new HashMap<>();
        twin(b, "baseUrl", "BASE_URL", new Binding.Literal("https://shop.example.com"));
        twin(b, "apiBaseUrl", "API_BASE_URL", new Binding.Literal("https://api.shop.example.com"));
        twin(b, "authEmail", "AUTH_EMAIL", new Binding.Literal("ops@shop.example"));
        twin(b, "authPassword", "AUTH_PASSWORD", new Binding.SecretValue(() -> Secret.copyOf(PASSWORD), true));
        b.put("TENANT", new Binding.Template("acme"));
        b.put("LOGIN_URL", new Binding.Template("${apiBaseUrl}/v1/${TENANT}/login"));
        b.put("NESTED", new Binding.Template("${LOGIN_URL}?next=${BASE_URL}"));
        b.put("API_KEY", new Binding.SecretValue(() -> Secret.copyOf(API_KEY), false));
        b.put("QUOTE", new Binding.Template("he said \"hi\" \\o/"));
        b.put("LITERAL", new Binding.Template("$${notAVariable}"));
        b.put("SECRET_WITH_BRACES", new Binding.SecretValue(() -> Secret.copyOf("x${TENANT}y-long-enough"), false));
        b.put("A", new Binding.Template("a${B}"));
        b.put("B", new Binding.Template("b${C}"));
        b.put("C", new Binding.Template("c${A}"));
        b.put("SELF", new Binding.Template("${SELF}"));
        b.put("BROKEN", new Binding.Template("see ${nowhere}"));
        b.put("NO_PASSWORD", new Binding.Unavailable("The profile viewer has no password for ${authPassword}."));
        return b;
    }

    private static void twin(Map<String, Binding> b, String camel, String snake, Binding binding) {
        b.put(camel, binding);
        b.put(snake, binding);
    }

    private static ResolvedText resolve(String template, VariableResolver.Target target) {
        try (VariableResolver resolver = new VariableResolver(bindings(), true)) {
            return resolver.resolve(template, target, "the test template");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ${baseUrl}/login                  | https://shop.example.com/login
            ${BASE_URL}/login                 | https://shop.example.com/login
            ${apiBaseUrl}/v1                  | https://api.shop.example.com/v1
            ${API_BASE_URL}/v1                | https://api.shop.example.com/v1
            ${authEmail}                      | ops@shop.example
            ${AUTH_EMAIL}                     | ops@shop.example
            ${LOGIN_URL}                      | https://api.shop.example.com/v1/acme/login
            ${NESTED}                         | https://api.shop.example.com/v1/acme/login?next=https://shop.example.com
            ${TENANT}-${TENANT}               | acme-acme
            costs $5 and $ more               | costs $5 and $ more
            $${notAVariable}                  | ${notAVariable}
            ${LITERAL}                        | ${notAVariable}
            no variables at all               | no variables at all
            {}$                               | {}$
            """)
    void resolvesInText(String template, String expected) {
        ResolvedText resolved = resolve(template, VariableResolver.Target.TEXT);
        assertThat(resolved.value()).isEqualTo(expected);
        assertThat(resolved.masked()).isEqualTo(expected);
        assertThat(resolved.usesSecret()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Bearer ${API_KEY}         | Bearer key-1234567890abcd      | Bearer ****abcd
            ${AUTH_PASSWORD}          | PASSWORD                       | ****
            ${SECRET_WITH_BRACES}     | x${TENANT}y-long-enough        | ****ough
            """)
    void secretsAreSubstitutedButMaskedAndNeverExpanded(String template, String expected, String masked) {
        ResolvedText resolved = resolve(template, VariableResolver.Target.TEXT);
        assertThat(resolved.value()).isEqualTo(expected.equals("PASSWORD") ? PASSWORD : expected);
        assertThat(resolved.masked()).isEqualTo(masked);
        assertThat(resolved.usesSecret()).isTrue();
        assertThat(resolved.toString()).isEqualTo(masked);
    }

    @Test
    void jsonBodiesGetEscapedValuesButKeepTheirOwnText() {
        ResolvedText body = resolve("{\"email\": \"${authEmail}\", \"password\": \"${authPassword}\", "
                + "\"note\": \"${QUOTE}\"}", VariableResolver.Target.JSON);
        assertThat(body.value()).isEqualTo("{\"email\": \"ops@shop.example\", \"password\": \"pa\\\"ss\\\\wo\\nrd\", "
                + "\"note\": \"he said \\\"hi\\\" \\\\o/\"}");
        assertThat(body.masked()).isEqualTo("{\"email\": \"ops@shop.example\", \"password\": \"****\", "
                + "\"note\": \"he said \\\"hi\\\" \\\\o/\"}");
    }

    @Test
    void nestedValuesAreEscapedOnceWhereTheyLand() {
        Map<String, Binding> b = new HashMap<>(bindings());
        b.put("OUTER", new Binding.Template("<${QUOTE}>"));
        try (VariableResolver resolver = new VariableResolver(b, true)) {
            assertThat(resolver.resolve("\"${OUTER}\"", VariableResolver.Target.JSON, "body").value())
                    .isEqualTo("\"<he said \\\"hi\\\" \\\\o/>\"");
        }
    }

    @Test
    void everyControlCharacterIsEscapedInJson() {
        Map<String, Binding> b = new HashMap<>();
        b.put("X", new Binding.Literal("\t\r\n\b\f\u0001\u001f\u2028"));
        try (VariableResolver resolver = new VariableResolver(b, true)) {
            assertThat(resolver.resolve("${X}", VariableResolver.Target.JSON, "body").value())
                    .isEqualTo("\\t\\r\\n\\b\\f\\u0001\\u001f\\u2028");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ${nope}                   | Unknown variable ${nope} in the test template.
            ${baseurl}                | Unknown variable ${baseurl} in the test template.
            ${BROKEN}                 | Unknown variable ${nowhere} in variable BROKEN.
            ${A}                      | The variables A → B → C → A refer to each other in a cycle.
            x ${C} y                  | The variables C → A → B → C refer to each other in a cycle.
            ${SELF}                   | The variables SELF → SELF refer to each other in a cycle.
            ${unterminated            | Unterminated ${ in the test template (character 1)
            abc ${                    | Unterminated ${ in the test template (character 5)
            ${bad name}               | "${bad name}" in the test template is not a variable reference
            ${}                       | "${}" in the test template is not a variable reference
            ${1st}                    | "${1st}" in the test template is not a variable reference
            ${NO_PASSWORD}            | The profile viewer has no password for ${authPassword}.
            """)
    void errorsNameTheVariable(String template, String message) {
        assertThatThrownBy(() -> resolve(template, VariableResolver.Target.TEXT))
                .isInstanceOfSatisfying(QodexException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_INPUT))
                .hasMessageContaining(message);
    }

    @Test
    void aReferenceExplosionStopsAtTheOutputLimit() {
        Map<String, Binding> b = new HashMap<>();
        b.put("V0", new Binding.Literal("x".repeat(1000)));
        for (int i = 1; i <= 30; i++) {
            b.put("V" + i, new Binding.Template("${V" + (i - 1) + "}${V" + (i - 1) + "}"));
        }
        try (VariableResolver resolver = new VariableResolver(b, true)) {
            assertThatThrownBy(() -> resolver.resolve("${V30}", VariableResolver.Target.TEXT, "the bomb"))
                    .isInstanceOf(QodexException.class).hasMessageContaining("longer than");
        }
    }

    @Test
    void withoutOpeningSecretsTheyResolveToTheirMaskAndTheSourceIsNeverCalled() {
        Map<String, Binding> b = new HashMap<>();
        b.put("K", new Binding.SecretValue(() -> {
            throw new AssertionError("opened");
        }, false));
        try (VariableResolver resolver = new VariableResolver(b, false)) {
            ResolvedText resolved = resolver.resolve("k=${K}", VariableResolver.Target.TEXT, "t");
            assertThat(resolved.value()).isEqualTo("k=****");
            assertThat(resolved.usesSecret()).isTrue();
        }
    }

    @Test
    void closingWipesOpenedSecretsAndRedactionBlanksThemInAnswers() {
        Secret key = Secret.copyOf(API_KEY);
        Map<String, Binding> b = Map.of("K", new Binding.SecretValue(() -> key, false),
                "P", new Binding.SecretValue(() -> Secret.copyOf("a\"b\"c"), true));
        VariableResolver resolver = new VariableResolver(b, true);
        resolver.resolve("${K} ${P}", VariableResolver.Target.TEXT, "t");
        assertThat(resolver.redact("echo: " + API_KEY + " and a\\\"b\\\"c")).isEqualTo("echo: **** and ****");
        resolver.close();
        assertThat(key.isWiped()).isTrue();
    }

    @Test
    void referencesListsTheNamesUsed() {
        assertThat(VariableResolver.references("${a}/${B_2}/$${c}/${a}", "t")).containsExactly("a", "B_2");
    }
}
