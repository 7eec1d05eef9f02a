package io.qodex.app.adapters.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.FailureKind;
import io.qodex.domain.login.LoginAction;
import io.qodex.domain.login.LoginScript;
import io.qodex.domain.login.LoginStep;
import io.qodex.domain.login.LoginVariables;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs login steps on one page, on the Playwright thread. Waits are cut into short slices so that a stop request is
 * honoured within a quarter of a second (navigation excepted). Variables are resolved at the moment a step runs; the
 * resolved text goes to the browser only and is scrubbed from every message.
 */
final class StepReplayer {

    /** How a run ended. */
    sealed interface Outcome {
        record Done() implements Outcome {
        }

        record Stopped(int index) implements Outcome {
        }

        record Broke(int index, FailureKind kind, String reason) implements Outcome {
        }
    }

    private static final long SLICE_MILLIS = 250;

    private final Page page;
    private final LoginVariables variables;
    private final PlaywrightSettings settings;
    private final BooleanSupplier stopRequested;
    private final RunLog log;
    /** Resolved text of the current step → its template, to scrub messages. */
    private final Map<String, String> resolved = new LinkedHashMap<>();

    StepReplayer(Page page, LoginVariables variables, PlaywrightSettings settings, BooleanSupplier stopRequested,
                 RunLog log) {
        this.page = page;
        this.variables = variables;
        this.settings = settings;
        this.stopRequested = stopRequested;
        this.log = log;
    }

    Outcome run(LoginScript script) {
        int total = script.size();
        for (int i = 0; i < total; i++) {
            if (stopRequested.getAsBoolean()) {
                return new Outcome.Stopped(i);
            }
            LoginStep step = script.step(i);
            log.line("Step " + (i + 1) + "/" + total + ": " + step.describe());
            log.stepStarted(i, step);
            long started = System.nanoTime();
            resolved.clear();
            try {
                perform(step);
            } catch (StopRequested stop) {
                return new Outcome.Stopped(i);
            } catch (QodexException e) {
                return new Outcome.Broke(i, FailureKind.VARIABLE, scrub(e.getMessage()));
            } catch (StepTimeout e) {
                return explainTimeout(i, step);
            } catch (PlaywrightException e) {
                return explainError(i, step, e);
            } finally {
                resolved.clear();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            log.stepSucceeded(i, step, took);
            log.line("  ok in " + took.toMillis() + " ms" + (step.action() == LoginAction.GOTO
                    || step.action() == LoginAction.WAIT_FOR_URL
                    ? ", at " + PageFacts.currentUrl(page) : ""));
        }
        return new Outcome.Done();
    }

    private void perform(LoginStep step) {
        Duration timeout = step.timeout().orElse(settings.stepTimeout());
        long deadline = System.nanoTime() + timeout.toNanos();
        switch (step.action()) {
            case GOTO -> page.navigate(resolve(step.value()), new Page.NavigateOptions()
                    .setTimeout(step.timeout().orElse(settings.navigationTimeout()).toMillis()));
            case FILL -> {
                Locator field = attached(step, deadline);
                field.fill(resolve(step.value()), new Locator.FillOptions().setTimeout(remaining(deadline)));
            }
            case CLICK -> attached(step, deadline).click(new Locator.ClickOptions().setTimeout(remaining(deadline)));
            case PRESS -> {
                if (step.selector().isEmpty()) {
                    page.keyboard().press(step.value());
                } else {
                    attached(step, deadline).press(step.value(), new Locator.PressOptions().setTimeout(remaining(deadline)));
                }
            }
            case CHECK -> attached(step, deadline).setChecked(step.checked(),
                    new Locator.SetCheckedOptions().setTimeout(remaining(deadline)));
            case SELECT -> attached(step, deadline).selectOption(resolve(step.value()),
                    new Locator.SelectOptionOptions().setTimeout(remaining(deadline)));
            case WAIT_FOR_URL -> {
                String glob = resolve(step.value());
                sliced(deadline, slice -> page.waitForURL(glob, new Page.WaitForURLOptions().setTimeout(slice)));
            }
            case WAIT_FOR_SELECTOR -> {
                Locator element = page.locator(resolve(step.selector()));
                sliced(deadline, slice -> element.waitFor(new Locator.WaitForOptions()
                        .setState(WaitForSelectorState.VISIBLE).setTimeout(slice)));
            }
        }
    }

    /** The step's element once it is in the page; a timeout or stop while waiting for it. */
    private Locator attached(LoginStep step, long deadline) {
        Locator locator = page.locator(resolve(step.selector()));
        sliced(deadline, slice -> locator.waitFor(new Locator.WaitForOptions()
                .setState(WaitForSelectorState.ATTACHED).setTimeout(slice)));
        return locator;
    }

    private interface Wait {
        void run(double sliceMillis);
    }

    private void sliced(long deadline, Wait wait) {
        while (true) {
            if (stopRequested.getAsBoolean()) {
                throw new StopRequested();
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new StepTimeout();
            }
            try {
                wait.run(Math.min(SLICE_MILLIS, left));
                return;
            } catch (TimeoutError e) {
                // next slice
            }
        }
    }

    /** What is left of the step's time for the action itself (at least one slice, as the element is there). */
    private static double remaining(long deadline) {
        return Math.max(SLICE_MILLIS, (deadline - System.nanoTime()) / 1_000_000);
    }

    private String resolve(String template) {
        String value = variables.resolve(template);
        if (!value.equals(template) && !value.isEmpty()) {
            resolved.put(value, template);
        }
        return value;
    }

    private Outcome explainTimeout(int index, LoginStep step) {
        String seconds = seconds(step.timeout().orElse(settings.stepTimeout()));
        switch (step.action()) {
            case WAIT_FOR_URL -> {
                String at = PageFacts.currentUrl(page);
                if (PageFacts.showsPasswordField(page)) {
                    String says = PageFacts.alertText(page).map(text -> " (the page says: \"" + scrub(text) + "\")").orElse("");
                    return new Outcome.Broke(index, FailureKind.WRONG_CREDENTIALS, "The page did not reach "
                            + step.value() + " within " + seconds + "; it still shows a login form at " + at + says
                            + ": the credentials were probably refused.");
                }
                return new Outcome.Broke(index, FailureKind.URL_NOT_REACHED, "The page did not reach " + step.value()
                        + " within " + seconds + "; it is at " + at + ".");
            }
            case WAIT_FOR_SELECTOR -> {
                return new Outcome.Broke(index, FailureKind.SELECTOR_TIMEOUT, "Timed out after " + seconds
                        + " waiting for " + step.selector() + " to be visible (at " + PageFacts.currentUrl(page) + ").");
            }
            default -> {
                return new Outcome.Broke(index, FailureKind.SELECTOR_TIMEOUT, "Timed out after " + seconds
                        + " waiting for selector " + step.selector() + " (" + step.action().jsonName() + ", at "
                        + PageFacts.currentUrl(page) + ").");
            }
        }
    }

    private Outcome explainError(int index, LoginStep step, PlaywrightException e) {
        String message = BrowserErrors.summary(e.getMessage());
        if (step.action() == LoginAction.GOTO) {
            String what = "Could not open " + step.value() + ": ";
            Optional<String> net = BrowserErrors.netError(e.getMessage());
            if (net.isPresent()) {
                return new Outcome.Broke(index, FailureKind.NAVIGATION, what + net.get()
                        + (net.get().equals("net::ERR_CONNECTION_REFUSED") ? " (is the site running?)." : "."));
            }
            if (e instanceof TimeoutError) {
                return new Outcome.Broke(index, FailureKind.NAVIGATION, what + "it took longer than "
                        + seconds(step.timeout().orElse(settings.navigationTimeout())) + ".");
            }
            return new Outcome.Broke(index, FailureKind.NAVIGATION, what + scrub(message));
        }
        if (BrowserErrors.isStrictModeViolation(e.getMessage())) {
            return new Outcome.Broke(index, FailureKind.STEP_ERROR, "The selector " + step.selector()
                    + " matches several elements; make it unique.");
        }
        if (e instanceof TimeoutError) {
            String seconds = seconds(step.timeout().orElse(settings.stepTimeout()));
            return new Outcome.Broke(index, FailureKind.SELECTOR_TIMEOUT, "Timed out after " + seconds + " on "
                    + step.selector() + " (" + step.action().jsonName() + "): " + scrub(message));
        }
        return new Outcome.Broke(index, FailureKind.STEP_ERROR, step.action().jsonName()
                + (step.selector().isEmpty() ? "" : " " + step.selector()) + " failed: " + scrub(message));
    }

    /** Replaces any resolved value of the current step by its template (messages from the browser may echo them). */
    private String scrub(String text) {
        String clean = text;
        for (Map.Entry<String, String> entry : resolved.entrySet()) {
            clean = clean.replace(entry.getKey(), entry.getValue());
        }
        return clean;
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static final class StopRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopRequested() {
            super(null, null, false, false);
        }
    }

    private static final class StepTimeout extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepTimeout() {
            super(null, null, false, false);
        }
    }
}
