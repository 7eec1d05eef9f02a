package io.qodex.domain.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The validation rules of one step, shared by {@link LoginStep} and {@link LoginScript#problemsIn}. */
final class StepRules {

    private StepRules() {
    }

    static List<StepProblem> problems(int index, String actionName, String selector, String value, String timeoutMs) {
        List<StepProblem> problems = new ArrayList<>();
        Optional<LoginAction> parsed = LoginAction.fromJsonName(actionName.strip());
        if (parsed.isEmpty()) {
            problems.add(new StepProblem(index, "", "action", actionName.isBlank()
                    ? "choose an action (" + LoginAction.jsonNames() + ")."
                    : "unknown action \"" + actionName + "\" (use " + LoginAction.jsonNames() + ")."));
            timeoutProblem(index, "", timeoutMs).ifPresent(problems::add);
            return problems;
        }
        LoginAction action = parsed.get();
        String name = action.jsonName();
        switch (action.selector()) {
            case REQUIRED -> {
                if (selector.isBlank()) {
                    problems.add(new StepProblem(index, name, "selector", "the selector is empty."));
                }
            }
            case FORBIDDEN -> {
                if (!selector.isEmpty()) {
                    problems.add(new StepProblem(index, name, "selector", "this action takes no selector."));
                }
            }
            case OPTIONAL -> { }
        }
        if (!selector.isEmpty()) {
            StepTemplates.syntaxProblem(selector)
                    .ifPresent(problem -> problems.add(new StepProblem(index, name, "selector", problem)));
        }
        switch (action.value()) {
            case REQUIRED -> {
                if (value.isBlank()) {
                    problems.add(new StepProblem(index, name, "value", missingValue(action)));
                }
            }
            case FORBIDDEN -> {
                if (!value.isEmpty()) {
                    problems.add(new StepProblem(index, name, "value", "this action takes no value."));
                }
            }
            case OPTIONAL -> { }
        }
        if (!value.isEmpty()) {
            Optional<String> syntax = StepTemplates.syntaxProblem(value);
            syntax.ifPresent(problem -> problems.add(new StepProblem(index, name, "value", problem)));
            if (syntax.isEmpty()) {
                valueProblem(action, value)
                        .ifPresent(problem -> problems.add(new StepProblem(index, name, "value", problem)));
            }
        }
        timeoutProblem(index, action.jsonName(), timeoutMs).ifPresent(problems::add);
        return problems;
    }

    private static String missingValue(LoginAction action) {
        return switch (action) {
            case GOTO -> "enter the URL to open.";
            case PRESS -> "enter the key to press (e.g. Enter).";
            case SELECT -> "enter the option to select.";
            case WAIT_FOR_URL -> "enter the URL (glob) to wait for.";
            default -> "enter a value.";
        };
    }

    private static Optional<String> valueProblem(LoginAction action, String value) {
        return switch (action) {
            case GOTO -> urlProblem(value);
            case WAIT_FOR_URL -> globProblem(value);
            case CHECK -> "true".equals(value) || "false".equals(value)
                    ? Optional.empty() : Optional.of("the value is \"true\" (check) or \"false\" (uncheck), or empty.");
            case PRESS -> value.strip().equals(value) && !value.contains(" ")
                    ? Optional.empty() : Optional.of("\"" + value + "\" is not a key name (e.g. Enter, Tab, Control+A).");
            default -> Optional.empty();
        };
    }

    /** An absolute http(s) URL, or one that starts with a variable (such as ${baseUrl}). */
    private static Optional<String> urlProblem(String template) {
        if (template.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("\"" + template + "\" is not a URL (it contains spaces).");
        }
        if (StepTemplates.startsWithVariable(template)) {
            return Optional.empty();
        }
        String concrete = StepTemplates.withoutVariables(template, "x");
        try {
            URI uri = new URI(concrete);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            return Optional.of("\"" + template + "\" is not a valid URL (" + e.getReason() + ").");
        }
        return Optional.of("\"" + template + "\" is not an absolute http(s) URL: start it with ${baseUrl} or "
                + "http:// or https://.");
    }

    /** Playwright's URL glob: {@code *}, {@code **}, {@code {a,b}} groups (not nested), {@code \} escapes. */
    private static Optional<String> globProblem(String template) {
        String glob = StepTemplates.withoutVariables(template, "x");
        boolean inGroup = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                if (inGroup) {
                    return Optional.of("\"" + template + "\" nests '{' groups, which URL globs do not support.");
                }
                inGroup = true;
            } else if (c == '}') {
                if (!inGroup) {
                    return Optional.of("\"" + template + "\" has a '}' without '{'.");
                }
                inGroup = false;
            }
        }
        return inGroup ? Optional.of("\"" + template + "\" has a '{' without '}'.") : Optional.empty();
    }

    private static Optional<StepProblem> timeoutProblem(int index, String action, String timeoutMs) {
        if (timeoutMs.isBlank()) {
            return Optional.empty();
        }
        long millis;
        try {
            millis = Long.parseLong(timeoutMs.strip());
        } catch (NumberFormatException e) {
            return Optional.of(new StepProblem(index, action, "timeoutMs",
                    "the timeout \"" + timeoutMs + "\" is not a whole number of milliseconds."));
        }
        if (millis < LoginStep.MIN_TIMEOUT.toMillis() || millis > LoginStep.MAX_TIMEOUT.toMillis()) {
            return Optional.of(new StepProblem(index, action, "timeoutMs", "the timeout must be between "
                    + LoginStep.MIN_TIMEOUT.toMillis() + " and " + LoginStep.MAX_TIMEOUT.toMillis() + " ms ("
                    + millis + " given)."));
        }
        return Optional.empty();
    }
}
