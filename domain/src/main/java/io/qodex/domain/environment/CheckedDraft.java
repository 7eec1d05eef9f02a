package io.qodex.domain.environment;

import io.qodex.domain.common.FieldProblem;
import java.util.List;

/** The outcome of checking a draft: ready to store, or every problem with its field. */
public sealed interface CheckedDraft {

    record Valid(EnvironmentSpec spec) implements CheckedDraft {
    }

    record Invalid(List<FieldProblem> problems) implements CheckedDraft {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    default List<FieldProblem> problems() {
        return this instanceof Invalid invalid ? invalid.problems() : List.of();
    }
}
