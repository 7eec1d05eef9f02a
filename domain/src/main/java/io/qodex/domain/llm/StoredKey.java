package io.qodex.domain.llm;

import java.time.Instant;

/** What anyone may see of a stored provider key: provider, last four characters, who set it and when. */
public record StoredKey(LlmProvider provider, String lastFour, String setBy, Instant setAt) {
}
