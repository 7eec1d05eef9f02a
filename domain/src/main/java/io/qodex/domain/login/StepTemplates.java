package io.qodex.domain.login;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variable syntax of step selectors and values: {@code ${name}} with a name of letters, digits, {@code _},
 * {@code .} or {@code -} ({@code ${baseUrl}}, {@code ${authPassword}}, {@code ${BASE_URL}} …). Resolving is not done
 * here: the environment's resolver does it, through {@link LoginVariables}.
 */
public final class StepTemplates {

    /** A well-formed variable reference; group 1 is the name. */
    public static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)}");

    private StepTemplates() {
    }

    /** The names of the variables the text refers to, in order of appearance. */
    public static List<String> variableNames(String text) {
        List<String> names = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The text with every variable reference replaced by {@code replacement}. */
    public static String withoutVariables(String text, String replacement) {
        return VARIABLE.matcher(text).replaceAll(Matcher.quoteReplacement(replacement));
    }

    /** Why the variable references in the text are malformed ({@code ${} not closed or a bad name), if they are. */
    public static Optional<String> syntaxProblem(String text) {
        String rest = withoutVariables(text, "");
        int open = rest.indexOf("${");
        if (open < 0) {
            return Optional.empty();
        }
        int close = rest.indexOf('}', open);
        if (close < 0) {
            return Optional.of("\"${\" is not closed: write a variable as ${name}.");
        }
        return Optional.of("\"" + rest.substring(open, close + 1) + "\" is not a variable name: use letters, digits, "
                + "'_', '.' or '-', starting with a letter.");
    }

    /** Whether the text is exactly one variable reference followed by anything, e.g. {@code ${baseUrl}/login}. */
    public static boolean startsWithVariable(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        return matcher.lookingAt();
    }
}
