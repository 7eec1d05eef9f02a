package io.qodex.domain.llm;

/** A project's caps on platform-funded spend; {@code isDefault} when no org admin has set them (README: defaults). */
public record ProjectCaps(Money fiveHour, Money weekly, boolean isDefault) {

    public Money cap(CapWindow window) {
        return window == CapWindow.FIVE_HOUR ? fiveHour : weekly;
    }
}
