package io.qodex.domain.environment;

import io.qodex.domain.common.Secret;

/**
 * How secrets look on screen and in the CLI (docs/security.md: last four characters at most). Passwords never show any
 * character; tokens and secret variables show their last four when they are longer than eight characters.
 */
public final class Masks {

    /** A secret that is stored but was not opened. */
    public static final String STORED = "****";

    private Masks() {
    }

    /** {@code ****abcd} for a long secret, {@code ****} for a short one. */
    public static String lastFour(Secret secret) {
        return STORED + secret.lastFour();
    }

    public static String password() {
        return STORED;
    }
}
