package io.qodex.domain.llm;

import io.qodex.domain.common.QodexException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of US dollars in whole micro-dollars (1 USD = 1,000,000 micros). All money in Qodex is exact integer
 * arithmetic on micros: no doubles, and rounding happens once, where a price turns tokens into money.
 */
public record Money(long micros) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);
    public static final long MICROS_PER_USD = 1_000_000L;

    public static Money ofMicros(long micros) {
        return new Money(micros);
    }

    public static Money ofUsd(long dollars) {
        return new Money(Math.multiplyExact(dollars, MICROS_PER_USD));
    }

    /** Parses "12", "0.5", "$0.000001"; at most six decimals, never negative. */
    public static Money parseUsd(String text) {
        String raw = text == null ? "" : text.strip();
        if (raw.startsWith("$")) {
            raw = raw.substring(1).strip();
        }
        if (!raw.matches("[0-9]{1,12}(\\.[0-9]{0,6})?|\\.[0-9]{1,6}")) {
            throw QodexException.invalid("amount", "\"" + text + "\" is not an amount in USD (e.g. 5, 0.25 or 0.000001; "
                    + "at most six decimals).");
        }
        return new Money(new BigDecimal(raw).movePointRight(6).longValueExact());
    }

    public static Money fromUsd(BigDecimal usd) {
        return new Money(usd.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(micros, other.micros));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(micros, other.micros));
    }

    public boolean isZero() {
        return micros == 0;
    }

    public boolean isPositive() {
        return micros > 0;
    }

    public boolean exceeds(Money other) {
        return micros > other.micros;
    }

    public BigDecimal usd() {
        return BigDecimal.valueOf(micros, 6);
    }

    /**
     * This amount as a share of {@code whole} in basis points (1/100 of a percent), rounded down; 0 when the whole
     * is zero and this is too, else 10,000 or more once it is reached.
     */
    public long basisPointsOf(Money whole) {
        if (whole.micros <= 0) {
            return micros <= 0 ? 0 : 10_000;
        }
        return BigDecimal.valueOf(micros).multiply(BigDecimal.valueOf(10_000))
                .divide(BigDecimal.valueOf(whole.micros), 0, RoundingMode.FLOOR).longValueExact();
    }

    /** "$0.000450", "$12.500000": every micro-dollar shown (CLI lines, CSV). */
    public String plain() {
        return (micros < 0 ? "-$" : "$") + BigDecimal.valueOf(Math.abs(micros), 6).toPlainString();
    }

    /** For people: "$12.50", "$0.0042", "$0.000001" — cents for amounts of a cent or more, else significant micros. */
    public String display() {
        long abs = Math.abs(micros);
        String sign = micros < 0 ? "-$" : "$";
        if (abs >= 10_000) {
            return sign + BigDecimal.valueOf(abs, 6).setScale(2, RoundingMode.HALF_UP).toPlainString();
        }
        return sign + BigDecimal.valueOf(abs, 6).stripTrailingZeros().toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(micros, other.micros);
    }

    @Override
    public String toString() {
        return plain();
    }
}
