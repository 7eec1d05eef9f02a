package io.qodex.domain.environment;

import org.jspecify.annotations.Nullable;

/**
 * The shape checks of a token JSONPath that the JSONPath library does not make: it silently reads {@code $.data[}
 * as {@code $.data} (json-path 3.0.0 does so). The adapter compiles the path as well ({@link HttpLoginClient#tokenPathProblem}).
 */
public final class TokenPathSyntax {

    public static final int MAX_LENGTH = 500;

    private TokenPathSyntax() {
    }

    public static @Nullable String problemWith(String path) {
        if (path.isBlank()) {
            return "Enter the JSONPath of the token in the response, e.g. $.data.token.";
        }
        if (path.length() > MAX_LENGTH) {
            return "A JSONPath has at most " + MAX_LENGTH + " characters (" + path.length() + " given).";
        }
        if (!path.startsWith("$")) {
            return "A JSONPath starts with $, e.g. $.data.token.";
        }
        if (path.endsWith(".")) {
            return "The JSONPath ends with a dot: name the field after it.";
        }
        int brackets = 0;
        int parentheses = 0;
        char quote = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '[' -> brackets++;
                case ']' -> brackets--;
                case '(' -> parentheses++;
                case ')' -> parentheses--;
                default -> {
                    if (Character.isISOControl(c)) {
                        return "A JSONPath cannot contain control characters.";
                    }
                }
            }
            if (brackets < 0 || parentheses < 0) {
                return "The JSONPath closes a bracket that was not opened (character " + (i + 1) + ").";
            }
        }
        if (quote != 0) {
            return "The JSONPath has an unterminated quote.";
        }
        if (brackets != 0 || parentheses != 0) {
            return "The JSONPath has an unclosed bracket.";
        }
        if (path.contains("[]")) {
            return "The JSONPath has an empty [] selector.";
        }
        return null;
    }
}
