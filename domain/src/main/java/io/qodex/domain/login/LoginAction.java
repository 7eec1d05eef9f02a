package io.qodex.domain.login;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one login step does. The JSON names are a contract ({@code qodex login steps}): {@code goto}, {@code fill},
 * {@code click}, {@code press}, {@code check}, {@code select}, {@code waitForUrl}, {@code waitForSelector}.
 */
public enum LoginAction {
    /** Opens the URL in {@code value} (absolute, may start with a variable such as {@code ${baseUrl}}). */
    GOTO("goto", Need.FORBIDDEN, Need.REQUIRED),
    /** Types {@code value} (may be empty, may use variables) into the field matched by {@code selector}. */
    FILL("fill", Need.REQUIRED, Need.OPTIONAL),
    /** Clicks the element matched by {@code selector}. */
    CLICK("click", Need.REQUIRED, Need.FORBIDDEN),
    /** Presses the key in {@code value} (e.g. {@code Enter}) in the element matched by {@code selector}, or the page. */
    PRESS("press", Need.OPTIONAL, Need.REQUIRED),
    /** Checks the checkbox or radio matched by {@code selector}; {@code value} {@code false} unchecks it. */
    CHECK("check", Need.REQUIRED, Need.OPTIONAL),
    /** Selects the option whose value or label is {@code value} in the select matched by {@code selector}. */
    SELECT("select", Need.REQUIRED, Need.REQUIRED),
    /** Waits until the page URL matches the glob in {@code value} (may use variables). */
    WAIT_FOR_URL("waitForUrl", Need.FORBIDDEN, Need.REQUIRED),
    /** Waits until the element matched by {@code selector} is visible. */
    WAIT_FOR_SELECTOR("waitForSelector", Need.REQUIRED, Need.FORBIDDEN);

    /** Whether a step of this action needs, may have or must not have a selector or value. */
    public enum Need { REQUIRED, OPTIONAL, FORBIDDEN }

    private final String jsonName;
    private final Need selector;
    private final Need value;

    LoginAction(String jsonName, Need selector, Need value) {
        this.jsonName = jsonName;
        this.selector = selector;
        this.value = value;
    }

    /** The name used in the steps JSON and in the editor. */
    public String jsonName() {
        return jsonName;
    }

    public Need selector() {
        return selector;
    }

    public Need value() {
        return value;
    }

    /** The action with this JSON name (exact spelling), if any. */
    public static Optional<LoginAction> fromJsonName(String name) {
        return Arrays.stream(values()).filter(action -> action.jsonName.equals(name)).findFirst();
    }

    /** "goto, fill, click, …" for messages. */
    public static String jsonNames() {
        return Arrays.stream(values()).map(LoginAction::jsonName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
