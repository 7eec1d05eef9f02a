package io.qodex.domain.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelPriceTest {

    private static ModelPrice price(String input, String output, String cached) {
        return new ModelPrice(LlmProvider.OPENAI, "m", LocalDate.of(2024, 1, 1), TokenRate.parseUsdPerMillion(input),
                TokenRate.parseUsdPerMillion(output), TokenRate.parseUsdPerMillion(cached));
    }

    @ParameterizedTest(name = "{0} in ({2} cached), {1} out at {3}/{4}/{5} = {6} micros")
    @CsvSource(textBlock = """
            # input, output, cached, $ input, $ output, $ cached, micros
            1000000,   0,      0,      0.15,  0.60,  0.075,  150000
            0,         1000000, 0,     0.15,  0.60,  0.075,  600000
            1000000,   0,      1000000, 0.15, 0.60,  0.075,  75000
            1234,      89,     567,    2.50,  10.00, 1.25,   3266
            1,         0,      0,      0.15,  0.60,  0.075,  0
            3,         0,      0,      0.15,  0.60,  0.075,  0
            4,         0,      0,      0.15,  0.60,  0.075,  1
            10,        10,     0,      0.15,  0.60,  0.075,  8
            1000,      100,    0,      0.15,  0.60,  0.075,  210
            1,         0,      0,      0.50,  0,     0,      1
            1,         0,      0,      0.499999, 0,  0,      0
            2000000000, 2000000000, 1000000000, 999999.999999, 999999.999999, 999999.999999, 3999999999996000
            """)
    void costsAreTokensTimesPriceRoundedHalfUpOnceToTheMicroDollar(long input, long output, long cached, String in,
                                                                    String out, String cachedPrice, long micros) {
        assertThat(price(in, out, cachedPrice).cost(new TokenUsage(input, output, cached))).isEqualTo(Money.ofMicros(micros));
    }

    @Property
    void costEqualsTheExactProductRoundedHalfUp(@ForAll @LongRange(max = 50_000_000) long input,
                                                @ForAll @LongRange(max = 50_000_000) long output,
                                                @ForAll @LongRange(max = 50_000_000) long cached,
                                                @ForAll @LongRange(max = 1_000_000_000) long inRate,
                                                @ForAll @LongRange(max = 1_000_000_000) long outRate,
                                                @ForAll @LongRange(max = 1_000_000_000) long cachedRate) {
        TokenUsage usage = new TokenUsage(input, output, cached);
        ModelPrice price = new ModelPrice(LlmProvider.OPENAI, "m", LocalDate.of(2024, 1, 1), new TokenRate(inRate),
                new TokenRate(outRate), new TokenRate(cachedRate));
        // USD = tokens × USD-per-million / 1e6, independently in decimal
        BigDecimal usd = usd(usage.uncachedInput(), inRate).add(usd(usage.cached(), cachedRate)).add(usd(output, outRate));
        long expected = usd.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
        assertThat(price.cost(usage).micros()).isEqualTo(expected);
    }

    private static BigDecimal usd(long tokens, long microsPerMillion) {
        return BigDecimal.valueOf(tokens).multiply(BigDecimal.valueOf(microsPerMillion, 6)).movePointLeft(6);
    }

    @Property
    void theWorstCaseBoundsEveryActualUsageWithinIt(@ForAll @LongRange(max = 100_000) long prompt,
                                                   @ForAll @LongRange(max = 100_000) long maxOutput,
                                                   @ForAll @LongRange(max = 100_000) long actualOutput,
                                                   @ForAll @LongRange(max = 100_000) long cached) {
        ModelPrice price = price("2.50", "10.00", "1.25");
        TokenUsage actual = new TokenUsage(prompt, Math.min(actualOutput, maxOutput), cached);
        assertThat(price.cost(actual)).isLessThanOrEqualTo(price.worstCase(prompt, maxOutput));
    }
}
