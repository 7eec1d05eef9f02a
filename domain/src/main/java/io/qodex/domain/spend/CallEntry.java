package io.qodex.domain.spend;

import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.TokenUsage;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One logged LLM call, as the table of calls and the CSV show it. */
public record CallEntry(long rowId, UUID callId, Instant at, long projectId, String project, String user, String provider,
                        String model, String source, Funding funding, CallOutcome outcome, TokenUsage tokens,
                        long latencyMillis, Money cost, Optional<String> error) {
}
