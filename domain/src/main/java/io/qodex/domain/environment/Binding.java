package io.qodex.domain.environment;

import io.qodex.domain.common.Secret;

/** What a variable name stands for during resolution. */
public sealed interface Binding {

    /** A non-secret value used as it is (the base URLs, the login identifier). */
    record Literal(String value) implements Binding {
    }

    /** A non-secret value that may itself refer to other variables (custom plain variables). */
    record Template(String text) implements Binding {
    }

    /**
     * A secret, opened only when a template uses it and only if the resolver may open secrets. Secret values are
     * literals: a {@code ${…}} inside one is never expanded. {@code password} secrets are masked without any
     * character; others show their last four.
     */
    record SecretValue(SecretSource source, boolean password) implements Binding {
    }

    /** Using this name is an error with this sentence (e.g. a profile without a password). */
    record Unavailable(String reason) implements Binding {
    }

    /** Opens a secret when it is used; may throw a QodexException (no key, not set). The resolver wipes it. */
    @FunctionalInterface
    interface SecretSource {
        Secret open();
    }
}
