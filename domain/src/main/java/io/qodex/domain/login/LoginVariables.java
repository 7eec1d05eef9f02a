package io.qodex.domain.login;

import io.qodex.domain.common.QodexException;
import java.util.List;

/**
 * Resolves the variables of a step's selector or value ({@code ${baseUrl}}, {@code ${authEmail}},
 * {@code ${authPassword}}, custom ones …) to the text to use. The environment's resolver implements it. The runner
 * calls it only at the moment a step runs and hands the result straight to the browser: resolved text is never
 * logged, stored or put into a message.
 */
@FunctionalInterface
public interface LoginVariables {

    /**
     * The template with every variable replaced; throws a {@link io.qodex.domain.common.QodexException} naming an
     * unknown variable (its message must not contain any resolved value).
     */
    String resolve(String template);

    /** Text without variables stays as it is; any variable is unknown. */
    static LoginVariables none() {
        return template -> {
            List<String> names = StepTemplates.variableNames(template);
            if (!names.isEmpty()) {
                throw QodexException.invalid("Unknown variable ${" + names.get(0) + "}.");
            }
            return template;
        };
    }
}
