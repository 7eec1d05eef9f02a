package io.qodex.domain.environment;

import io.qodex.domain.common.FieldProblem;
import java.util.List;

/** What saving a draft did: saved, refused with field problems, or a conflict with someone else's save. */
public sealed interface SaveResult {

    record Saved(Environment environment) implements SaveResult {
    }

    record Invalid(List<FieldProblem> problems) implements SaveResult {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    record Conflict(EditConflict conflict) implements SaveResult {
    }
}
