package io.qodex.domain.login;

import java.util.Optional;

/**
 * Where "Check session" opens the page and what it requires there. A front page that always shows a login form
 * reads as logged out even with a session captured a second earlier, so by default the check follows the recorded
 * login: it opens the URL the login ended on (its last {@code waitForUrl} step, when that names one page) and requires
 * what the last wait step waited for (that URL pattern, or that selector; else the base URL). The operator's URL and their explicit
 * condition each override their part; with no wait step it is the base URL without a password field, as before.
 *
 * @param urlTemplate where to open (may hold variables such as {@code ${baseUrl}})
 * @param check       what the settled page must show
 */
public record SessionCheckPlan(String urlTemplate, LoggedInCheck check) {

    public static SessionCheckPlan of(LoginScript script, String baseUrl, Optional<String> url, LoggedInCheck explicit) {
        Optional<LoginStep> lastWait = Optional.empty();
        for (int i = script.size() - 1; i >= 0 && lastWait.isEmpty(); i--) {
            LoginAction action = script.step(i).action();
            if (action == LoginAction.WAIT_FOR_URL || action == LoginAction.WAIT_FOR_SELECTOR) {
                lastWait = Optional.of(script.step(i));
            }
        }
        Optional<String> landing = script.landingUrlGlob().flatMap(SessionCheckPlan::pageOf);
        String where = url.filter(u -> !u.isBlank()).orElse(landing.orElse(baseUrl));
        LoggedInCheck check = explicit;
        if (explicit instanceof LoggedInCheck.NoPasswordField && lastWait.isPresent()) {
            LoginStep step = lastWait.get();
            check = step.action() == LoginAction.WAIT_FOR_URL ? new LoggedInCheck.UrlMatches(step.value())
                    : new LoggedInCheck.SelectorVisible(step.selector());
        }
        return new SessionCheckPlan(where, check);
    }

    /**
     * The one URL a glob matches, if it matches one: backslash escapes undone, and a trailing {@code **} (the
     * recorder's "any query") dropped. Empty when a wildcard remains ({@code **}/dashboard matches many pages).
     */
    static Optional<String> pageOf(String glob) {
        String pattern = glob.endsWith("**") && !glob.endsWith("\\**") ? glob.substring(0, glob.length() - 2) : glob;
        StringBuilder url = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                url.append(pattern.charAt(++i));
            } else if (c == '$' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '{') {
                int end = pattern.indexOf('}', i);
                if (end < 0) {
                    return Optional.empty();
                }
                url.append(pattern, i, end + 1); // a variable, resolved before the page is opened
                i = end;
            } else if ("*?{}[]".indexOf(c) >= 0) {
                return Optional.empty();
            } else {
                url.append(c);
            }
        }
        return url.isEmpty() ? Optional.empty() : Optional.of(url.toString());
    }
}
