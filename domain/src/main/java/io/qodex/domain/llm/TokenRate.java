package io.qodex.domain.llm;

import io.qodex.domain.common.QodexException;
import java.math.BigDecimal;

/**
 * A price in USD per million tokens, held exactly as micro-dollars per million tokens (the price table's
 * {@code numeric(12, 6)}): $0.15 per million tokens is 150,000. Conveniently that number is also the price of one
 * token in pico-dollars.
 */
public record TokenRate(long microsPerMillion) {

    public static final TokenRate FREE = new TokenRate(0);

    public TokenRate {
        if (microsPerMillion < 0) {
            throw new IllegalArgumentException("a price cannot be negative");
        }
    }

    /** Parses "0.15" or "$2.50" (USD per million tokens, at most six decimals). */
    public static TokenRate parseUsdPerMillion(String text) {
        try {
            return new TokenRate(Money.parseUsd(text).micros());
        } catch (QodexException e) {
            throw QodexException.invalid("price", "\"" + text + "\" is not a price in USD per million tokens (e.g. 0.15).");
        }
    }

    public static TokenRate ofUsdPerMillion(BigDecimal usd) {
        return new TokenRate(usd.movePointRight(6).longValueExact());
    }

    public BigDecimal usdPerMillion() {
        return BigDecimal.valueOf(microsPerMillion, 6);
    }

    /** "$0.15", "$2.50", "$0.075". */
    public String display() {
        BigDecimal usd = usdPerMillion().stripTrailingZeros();
        return "$" + (usd.scale() < 2 ? usd.setScale(2) : usd).toPlainString();
    }
}
