package io.qodex.domain.login;

/** Why a replay (or a recording) failed, for the UI's tone and the CLI's exit code. */
public enum FailureKind {
    /** No usable browser: none found, or it would not start. */
    BROWSER,
    /** A step's text refers to a variable the environment does not define. */
    VARIABLE,
    /** A page could not be loaded: connection refused, name not resolved, navigation timed out … */
    NAVIGATION,
    /** The element a step needs did not appear within the timeout (the selector is named). */
    SELECTOR_TIMEOUT,
    /** The expected URL was not reached and the page still shows a password field: credentials refused. */
    WRONG_CREDENTIALS,
    /** The expected URL was not reached within the timeout. */
    URL_NOT_REACHED,
    /** The browser refused the step for another reason (e.g. the element is not a checkbox). */
    STEP_ERROR
}
