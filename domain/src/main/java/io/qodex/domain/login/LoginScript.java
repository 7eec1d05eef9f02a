package io.qodex.domain.login;

import io.qodex.domain.common.QodexException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A valid list of login steps, as stored in {@code auth_profiles.ui_login_steps}: at least one step, at most
 * {@value #MAX_STEPS}. Built with {@link #parse} from editor rows or JSON; {@link #problemsIn} reports every problem
 * with its step index for live validation.
 */
public record LoginScript(List<LoginStep> steps) {

    public static final int MAX_STEPS = 200;

    public LoginScript {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw QodexException.invalid("steps", "A login needs at least one step.");
        }
        if (steps.size() > MAX_STEPS) {
            throw QodexException.invalid("steps", "A login has at most " + MAX_STEPS + " steps (" + steps.size() + " given).");
        }
    }

    public static LoginScript of(LoginStep... steps) {
        return new LoginScript(List.of(steps));
    }

    /** Every problem of every row, in order; empty when {@link #parse} would succeed. */
    public static List<StepProblem> problemsIn(List<LoginStepDraft> drafts) {
        List<StepProblem> problems = new ArrayList<>();
        if (drafts.isEmpty()) {
            problems.add(new StepProblem(0, "", "action", "a login needs at least one step."));
        }
        if (drafts.size() > MAX_STEPS) {
            problems.add(new StepProblem(MAX_STEPS, "", "action", "a login has at most " + MAX_STEPS + " steps."));
        }
        for (int i = 0; i < drafts.size(); i++) {
            LoginStepDraft draft = drafts.get(i);
            problems.addAll(StepRules.problems(i, draft.action(), draft.selector(), draft.value(), draft.timeoutMs()));
        }
        return problems;
    }

    /**
     * The steps the rows describe; throws an {@link io.qodex.domain.common.Problem#INVALID_INPUT} exception listing
     * every problem ("Step 2 (fill): the selector is empty. Step 5: unknown action …") otherwise.
     */
    public static LoginScript parse(List<LoginStepDraft> drafts) {
        List<StepProblem> problems = problemsIn(drafts);
        if (!problems.isEmpty()) {
            throw QodexException.invalid("steps", problems.stream().map(StepProblem::toString)
                    .collect(Collectors.joining(" ")));
        }
        List<LoginStep> steps = new ArrayList<>(drafts.size());
        for (LoginStepDraft draft : drafts) {
            LoginAction action = LoginAction.fromJsonName(draft.action().strip()).orElseThrow();
            Optional<Duration> timeout = draft.timeoutMs().isBlank()
                    ? Optional.empty() : Optional.of(Duration.ofMillis(Long.parseLong(draft.timeoutMs().strip())));
            steps.add(new LoginStep(action, draft.selector(), draft.value(), timeout));
        }
        return new LoginScript(steps);
    }

    public List<LoginStepDraft> toDrafts() {
        return steps.stream().map(LoginStep::toDraft).toList();
    }

    public int size() {
        return steps.size();
    }

    public LoginStep step(int index) {
        return steps.get(index);
    }

    /** The glob of the last {@code waitForUrl} step: where a successful login lands. */
    public Optional<String> landingUrlGlob() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).action() == LoginAction.WAIT_FOR_URL) {
                return Optional.of(steps.get(i).value());
            }
        }
        return Optional.empty();
    }
}
