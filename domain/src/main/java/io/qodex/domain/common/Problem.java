package io.qodex.domain.common;

/** What kind of trouble a {@link QodexException} reports; the CLI maps each to an exit code, the UI to a tone. */
public enum Problem {
    INVALID_INPUT(2),
    AUTHENTICATION(4),
    NOT_ALLOWED(5),
    NOT_FOUND(6),
    CONFLICT(7),
    UNAVAILABLE(8),
    INTEGRITY(9),
    BUDGET_EXCEEDED(3),
    PROVIDER_REFUSED(10),
    /** A replayed or checked UI login did not reach a logged-in page. */
    LOGIN_FAILED(11);

    private final int exitCode;

    Problem(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
