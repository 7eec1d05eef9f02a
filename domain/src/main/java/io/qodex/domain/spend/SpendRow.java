package io.qodex.domain.spend;

/** One line of a breakdown: the key (model name, user id, day …), what to show for it, and its totals. */
public record SpendRow(String key, String label, UsageTotals totals) {
}
