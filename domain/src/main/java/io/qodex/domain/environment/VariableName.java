package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A custom variable's name: {@code [A-Za-z_][A-Za-z0-9_]*}, at most 100 characters, not a built-in name. */
public record VariableName(String value) {

    public static final Pattern SHAPE = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    public static final int MAX_LENGTH = 100;

    public VariableName {
        String problem = problemWith(value);
        if (problem != null) {
            throw QodexException.invalid("name", problem);
        }
    }

    public static @Nullable String problemWith(String value) {
        if (value.isEmpty()) {
            return "Enter a variable name.";
        }
        if (value.length() > MAX_LENGTH) {
            return "A variable name has at most " + MAX_LENGTH + " characters (" + value.length() + " given).";
        }
        if (!SHAPE.matcher(value).matches()) {
            return "A variable name starts with a letter or _ and has only letters, digits and _.";
        }
        if (BuiltInVariable.isBuiltIn(value)) {
            return "${" + value + "} is built in; choose another name.";
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
