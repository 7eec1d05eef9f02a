package io.qodex.domain.spend;

/** Totals for one combination of up to two dimensions (row of a repository grouping). */
public record SpendCell(String firstKey, String firstLabel, String secondKey, String secondLabel, UsageTotals totals) {
}
