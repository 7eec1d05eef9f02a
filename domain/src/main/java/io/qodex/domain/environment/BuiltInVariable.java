package io.qodex.domain.environment;

import java.util.Optional;

/** The variables every environment provides, each under a camelCase name and its SCREAMING_SNAKE twin. */
public enum BuiltInVariable {
    BASE_URL("baseUrl", "BASE_URL"),
    API_BASE_URL("apiBaseUrl", "API_BASE_URL"),
    AUTH_EMAIL("authEmail", "AUTH_EMAIL"),
    AUTH_PASSWORD("authPassword", "AUTH_PASSWORD");

    private final String camel;
    private final String snake;

    BuiltInVariable(String camel, String snake) {
        this.camel = camel;
        this.snake = snake;
    }

    public String camelName() {
        return camel;
    }

    public String snakeName() {
        return snake;
    }

    public static Optional<BuiltInVariable> named(String name) {
        for (BuiltInVariable variable : values()) {
            if (variable.camel.equals(name) || variable.snake.equals(name)) {
                return Optional.of(variable);
            }
        }
        return Optional.empty();
    }

    public static boolean isBuiltIn(String name) {
        return named(name).isPresent();
    }
}
