package io.qodex.domain.login;

/**
 * One thing wrong with one step: its index (0-based), its action as written ({@code ""} if unknown), the cell
 * ({@code action}, {@code selector}, {@code value} or {@code timeoutMs}) and a sentence for the user.
 * {@link #toString()} reads "Step 3 (fill): the selector is empty." (1-based).
 */
public record StepProblem(int index, String action, String field, String message) {

    @Override
    public String toString() {
        return "Step " + (index + 1) + (action.isEmpty() ? "" : " (" + action + ")") + ": " + message;
    }
}
