package io.qodex.domain.spend;

import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import java.util.Optional;
import java.util.OptionalLong;

/** Narrows spend and the table of calls; every part is optional. {@code projectId} applies to org scope. */
public record SpendFilter(Optional<String> model, Optional<String> source, Optional<Funding> funding,
                          Optional<CallOutcome> outcome, OptionalLong projectId) {

    public static final SpendFilter NONE = new SpendFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), OptionalLong.empty());

    public SpendFilter withModel(String value) {
        return new SpendFilter(Optional.of(value), source, funding, outcome, projectId);
    }

    public SpendFilter withSource(String value) {
        return new SpendFilter(model, Optional.of(value), funding, outcome, projectId);
    }

    public SpendFilter withFunding(Funding value) {
        return new SpendFilter(model, source, Optional.of(value), outcome, projectId);
    }

    public SpendFilter withOutcome(CallOutcome value) {
        return new SpendFilter(model, source, funding, Optional.of(value), projectId);
    }

    public SpendFilter withProject(long value) {
        return new SpendFilter(model, source, funding, outcome, OptionalLong.of(value));
    }

    /** True when only the funding and project parts are set (the per-project rollup can answer). */
    public boolean fundingAndProjectOnly() {
        return model.isEmpty() && source.isEmpty() && outcome.isEmpty();
    }
}
