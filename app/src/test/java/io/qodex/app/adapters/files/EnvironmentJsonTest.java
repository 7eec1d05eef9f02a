package io.qodex.app.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading environment files is defensive and its problems never quote the file. */
class EnvironmentJsonTest {

    private static Object parse(String text) {
        return EnvironmentJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAPlainTree() {
        Object tree = parse("{\"a\": [1, 2.5, true, null, \"x\"], \"big\": 123456789012345678901234567890}");
        assertThat(tree).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) tree;
        assertThat(List.copyOf(((List<?>) map.get("a")).stream().map(String::valueOf).toList()))
                .containsExactly("1", "2.5", "true", "null", "x");
        assertThat(((List<?>) map.get("a")).get(0)).isInstanceOf(BigInteger.class);
        assertThat(map.get("big")).isInstanceOf(BigInteger.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            duplicate field  | {"name": "a", "name": "b"}             | a field appears twice at line 1
            trailing garbage | {"name": "a"} {"name": "b"}            | it is not valid JSON
            not json         | name: a                                | it is not valid JSON at line 1, column 6
            null             | null                                   | holds null
            """)
    void refusesWhatIsNotOneJsonDocument(String what, String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOfSatisfying(QodexException.class,
                e -> assertThat(e.field()).contains("(file)")).hasMessageContaining(message);
    }

    @Test
    void refusesHugeStringsDeepNestingAndHugeFilesWithoutQuotingThem() {
        String huge = "{\"name\": \"" + "S3CR3T".repeat(20_000) + "\"}";
        assertThatThrownBy(() -> parse(huge)).hasMessageContaining("limits of an environment file")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("S3CR3T"));
        String deep = "[".repeat(50) + "]".repeat(50);
        assertThatThrownBy(() -> parse(deep)).hasMessageContaining("nesting at most 20 deep");
        byte[] tooBig = new byte[(int) EnvironmentJson.MAX_FILE_BYTES + 1];
        assertThatThrownBy(() -> EnvironmentJson.parse(tooBig)).hasMessageContaining("at most 5000000");
    }
}
