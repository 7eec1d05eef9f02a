package io.qodex.domain.llm;

import java.math.BigInteger;
import java.time.LocalDate;

/**
 * One version of a model's price (F10): from {@code validFrom} on, until a newer row takes over. Costs are exact:
 * the sum of tokens × rate over uncached input, cached input and output, in pico-dollars, rounded half up once to
 * whole micro-dollars.
 */
public record ModelPrice(LlmProvider provider, String model, LocalDate validFrom, TokenRate input, TokenRate output,
                         TokenRate cachedInput) {

    private static final BigInteger PICOS_PER_MICRO = BigInteger.valueOf(1_000_000L);
    private static final BigInteger HALF = BigInteger.valueOf(500_000L);

    public Money cost(TokenUsage usage) {
        BigInteger picos = BigInteger.valueOf(usage.uncachedInput()).multiply(BigInteger.valueOf(input.microsPerMillion()))
                .add(BigInteger.valueOf(usage.cached()).multiply(BigInteger.valueOf(cachedInput.microsPerMillion())))
                .add(BigInteger.valueOf(usage.output()).multiply(BigInteger.valueOf(output.microsPerMillion())));
        return Money.ofMicros(picos.add(HALF).divide(PICOS_PER_MICRO).longValueExact());
    }

    /** What a call can cost at most: the estimated prompt at the full input rate plus every allowed output token. */
    public Money worstCase(long promptTokens, long maxOutputTokens) {
        return cost(new TokenUsage(promptTokens, maxOutputTokens, 0));
    }
}
