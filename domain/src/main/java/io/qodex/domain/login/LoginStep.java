package io.qodex.domain.login;

import io.qodex.domain.common.QodexException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One valid login step: an action, a selector and a value where the action takes them ({@code ""} otherwise), and an
 * optional timeout. Selectors are Playwright selectors ({@code #email}, {@code [name="password"]},
 * {@code role=button[name="Sign in"s]}, {@code text="Sign in"}, CSS). Values may use variables ({@code ${authEmail}});
 * a step never holds a literal secret that came from the recorder. Parse, don't validate: a step cannot be invalid.
 */
public record LoginStep(LoginAction action, String selector, String value, Optional<Duration> timeout) {

    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    public LoginStep {
        List<StepProblem> problems = StepRules.problems(0, action.jsonName(), selector, value,
                timeout.map(t -> Long.toString(t.toMillis())).orElse(""));
        if (!problems.isEmpty()) {
            StepProblem first = problems.get(0);
            throw QodexException.invalid(first.field(), action.jsonName() + ": " + first.message());
        }
    }

    public static LoginStep goTo(String url) {
        return new LoginStep(LoginAction.GOTO, "", url, Optional.empty());
    }

    public static LoginStep fill(String selector, String value) {
        return new LoginStep(LoginAction.FILL, selector, value, Optional.empty());
    }

    public static LoginStep click(String selector) {
        return new LoginStep(LoginAction.CLICK, selector, "", Optional.empty());
    }

    public static LoginStep press(String selector, String key) {
        return new LoginStep(LoginAction.PRESS, selector, key, Optional.empty());
    }

    public static LoginStep check(String selector) {
        return new LoginStep(LoginAction.CHECK, selector, "", Optional.empty());
    }

    public static LoginStep uncheck(String selector) {
        return new LoginStep(LoginAction.CHECK, selector, "false", Optional.empty());
    }

    public static LoginStep select(String selector, String option) {
        return new LoginStep(LoginAction.SELECT, selector, option, Optional.empty());
    }

    public static LoginStep waitForUrl(String glob) {
        return new LoginStep(LoginAction.WAIT_FOR_URL, "", glob, Optional.empty());
    }

    public static LoginStep waitForSelector(String selector) {
        return new LoginStep(LoginAction.WAIT_FOR_SELECTOR, selector, "", Optional.empty());
    }

    public LoginStep withTimeout(Duration newTimeout) {
        return new LoginStep(action, selector, value, Optional.of(newTimeout));
    }

    /** For {@link LoginAction#CHECK}: whether the box ends up checked. */
    public boolean checked() {
        return !"false".equals(value);
    }

    /** The same step as editor cells. */
    public LoginStepDraft toDraft() {
        return new LoginStepDraft(action.jsonName(), selector, value,
                timeout.map(t -> Long.toString(t.toMillis())).orElse(""));
    }

    /**
     * A one-line description for logs and progress: the action with the selector and value as written (templates,
     * never resolved values), e.g. {@code fill [name="password"] ← ${authPassword}}; a literal typed into a field is
     * shown by its length only.
     */
    public String describe() {
        StringBuilder text = new StringBuilder(action.jsonName());
        if (!selector.isEmpty()) {
            text.append(' ').append(selector);
        }
        if (action == LoginAction.FILL) {
            text.append(" ← ").append(printableFillValue());
        } else if (!value.isEmpty()) {
            text.append(action == LoginAction.SELECT ? " ← " : " ").append(value);
        }
        return text.toString();
    }

    /** A typed literal could be a secret someone entered by hand: only templates are shown. */
    private String printableFillValue() {
        if (value.isEmpty()) {
            return "\"\"";
        }
        if (StepTemplates.withoutVariables(value, "").isBlank()) {
            return value;
        }
        return "(" + value.length() + " typed characters)";
    }
}
