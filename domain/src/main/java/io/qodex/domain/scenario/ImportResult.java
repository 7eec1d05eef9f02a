package io.qodex.domain.scenario;

import io.qodex.domain.common.FieldProblem;
import java.util.List;

/** What an import did, or every problem that kept it from doing anything. */
public sealed interface ImportResult {

    /** {@code renamed}: "old → new" for each scenario stored under a new name. */
    record Imported(int added, int replaced, int skipped, List<String> renamed) implements ImportResult {
        public Imported {
            renamed = List.copyOf(renamed);
        }
    }

    record Refused(List<FieldProblem> problems) implements ImportResult {
        public Refused {
            problems = List.copyOf(problems);
        }
    }
}
