package io.qodex.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    @Test
    void numbersCompareByValueAndObjectsWithoutOrder() {
        assertThat(JsonValues.same(BigInteger.ONE, new BigDecimal("1.0"))).isTrue();
        assertThat(JsonValues.same(new BigDecimal("12.5"), 12.5d)).isTrue();
        assertThat(JsonValues.same(BigInteger.ONE, "1")).isFalse();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("x", 1);
        a.put("y", List.of("a", true));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("y", List.of("a", true));
        b.put("x", BigInteger.ONE);
        assertThat(JsonValues.same(a, b)).isTrue();
        assertThat(JsonValues.same(List.of(1, 2), List.of(2, 1))).isFalse();
        assertThat(JsonValues.same(null, null)).isTrue();
        assertThat(JsonValues.same(null, "null")).isFalse();
    }

    @Test
    void writesCompactJsonAndCapturesTextAsItIs() {
        assertThat(JsonValues.write(Map.of("q", "a\"b\n"))).isEqualTo("{\"q\":\"a\\\"b\\n\"}");
        assertThat(JsonValues.write(Arrays.asList(1, null, false, new BigDecimal("1E+3")))).isEqualTo("[1,null,false,1000]");
        assertThat(JsonValues.captured("plain")).isEqualTo("plain");
        assertThat(JsonValues.captured(BigInteger.valueOf(7))).isEqualTo("7");
    }
}
