package io.qodex.domain.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Resolution never throws anything but our own error and never lets a secret into an error message or into the
 * masked text. Every secret here starts with the marker Ö, which nothing else generated contains.
 */
class VariableResolverPropertiesTest {

    private static final char MARKER = 'Ö';
    private static final List<String> NAMES = List.of("a", "b", "c", "TOKEN", "baseUrl", "BASE_URL", "authPassword",
            "missing");

    @Property(tries = 400)
    void onlyOurErrorAndNoSecretInMessages(@ForAll("templates") String template,
                                           @ForAll("bindings") Map<String, Binding> bindings,
                                           @ForAll boolean json) {
        try (VariableResolver resolver = new VariableResolver(bindings, true)) {
            ResolvedText resolved = resolver.resolve(template,
                    json ? VariableResolver.Target.JSON : VariableResolver.Target.TEXT, "the template");
            assertThat(resolved.masked()).doesNotContain(String.valueOf(MARKER));
            assertThat(resolved.toString()).doesNotContain(String.valueOf(MARKER));
        } catch (QodexException e) {
            assertThat(e.getMessage()).doesNotContain(String.valueOf(MARKER));
        }
    }

    @Property(tries = 300)
    void jsonEscapingRoundTrips(@ForAll String value) {
        try (VariableResolver resolver = new VariableResolver(Map.of("X", new Binding.Literal(value)), true)) {
            String escaped = resolver.resolve("${X}", VariableResolver.Target.JSON, "body").value();
            assertThat(escaped.chars().noneMatch(c -> c < 0x20)).isTrue();
            assertThat(unescape(escaped)).isEqualTo(value);
        }
    }

    @Provide
    Arbitrary<String> templates() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(NAMES).map(n -> "${" + n + "}"),
                Arbitraries.of("${", "}", "$", "$${", "${ x}", "{", "\\", "\"", "\n", "${bad-name}"),
                plainText());
        return piece.list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<Map<String, Binding>> bindings() {
        Arbitrary<Binding> binding = Arbitraries.oneOf(
                templates().map(Binding.Template::new),
                plainText().map(Binding.Literal::new),
                secrets().map(s -> new Binding.SecretValue(() -> Secret.copyOf(s), false)),
                secrets().map(s -> new Binding.SecretValue(() -> Secret.copyOf(s), true)),
                Arbitraries.just(new Binding.Unavailable("Not set.")));
        return Combinators.combine(binding.list().ofSize(NAMES.size()), Arbitraries.integers().between(0, 255))
                .as((values, mask) -> {
                    Map<String, Binding> map = new HashMap<>();
                    for (int i = 0; i < NAMES.size(); i++) {
                        if ((mask & (1 << i)) != 0) {
                            map.put(NAMES.get(i), values.get(i));
                        }
                    }
                    return map;
                });
    }

    private static Arbitrary<String> plainText() {
        return Arbitraries.strings().all().ofMaxLength(8).filter(s -> s.indexOf(MARKER) < 0);
    }

    private static Arbitrary<String> secrets() {
        return Arbitraries.strings().all().ofMaxLength(20).filter(s -> s.indexOf(MARKER) < 0)
                .map(s -> MARKER + s);
    }

    private static String unescape(String escaped) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = escaped.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
