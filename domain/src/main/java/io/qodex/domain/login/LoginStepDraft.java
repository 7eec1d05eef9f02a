package io.qodex.domain.login;

/**
 * A step as typed in the editor's table or read from JSON, not yet validated: every cell is text ({@code ""} when
 * empty). {@link LoginScript#parse} turns a list of drafts into steps or reports every problem.
 */
public record LoginStepDraft(String action, String selector, String value, String timeoutMs) {

    public LoginStepDraft {
        action = action == null ? "" : action;
        selector = selector == null ? "" : selector;
        value = value == null ? "" : value;
        timeoutMs = timeoutMs == null ? "" : timeoutMs;
    }

    public static LoginStepDraft of(String action, String selector, String value) {
        return new LoginStepDraft(action, selector, value, "");
    }
}
