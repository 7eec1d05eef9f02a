package io.qodex.app.adapters.browser;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.LoginAction;
import io.qodex.domain.login.LoginScript;
import io.qodex.domain.login.LoginStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the recorder's events into steps: keystrokes into one field merge into one {@code fill}; a value typed into a
 * password field becomes {@code ${authPassword}} and one equal to the profile's email {@code ${authEmail}}; URLs under
 * the base URL start with {@code ${baseUrl}}; a page load is a {@code goto} only when it looks typed (no referrer and
 * no recorded action just before it, so clicks, submits and redirects are not replayed twice); the recording ends with
 * a {@code waitForUrl} for the URL reached.
 */
final class RecordedSteps {

    /** A load with no referrer this long after the last action is taken as a URL typed into the address bar. */
    static final long TYPED_NAVIGATION_QUIET_MILLIS = 2500;
    static final String PASSWORD = "${authPassword}";
    static final String EMAIL = "${authEmail}";
    static final String BASE_URL = "${baseUrl}";

    private static final Logger LOG = LoggerFactory.getLogger(RecordedSteps.class);

    private final String baseUrl;
    private final Optional<String> email;
    private final List<LoginStep> steps = new ArrayList<>();
    private long lastActionAt = Long.MIN_VALUE / 2;
    private boolean startLoaded;
    private long lastClickAt = Long.MIN_VALUE / 2;

    RecordedSteps(String baseUrl, Optional<String> email) {
        this.baseUrl = baseUrl.strip();
        this.email = email.map(String::strip).filter(e -> !e.isEmpty());
    }

    void start(String startUrl, long nowMillis) {
        add(LoginStep.goTo(urlTemplate(startUrl)));
        lastActionAt = nowMillis;
    }

    /** The start page finished loading: loads before this were its redirects, never typed. */
    void startLoaded(long nowMillis) {
        startLoaded = true;
        lastActionAt = Math.max(lastActionAt, nowMillis);
    }

    /** Takes one event; true when the steps changed. */
    boolean accept(RecorderEvent event, long nowMillis) {
        try {
            return switch (event.type()) {
                case "fill" -> fill(event, nowMillis);
                case "click" -> click(event, nowMillis);
                case "press" -> action(LoginStep.press(event.selector(), event.value()), nowMillis);
                case "check" -> replaceOrAdd(event.checked() ? LoginStep.check(event.selector())
                        : LoginStep.uncheck(event.selector()), nowMillis);
                case "select" -> replaceOrAdd(LoginStep.select(event.selector(), event.value()), nowMillis);
                case "navigation" -> navigation(event, nowMillis);
                default -> false;
            };
        } catch (QodexException e) {
            // A selector or literal the step rules refuse (e.g. it contains "${"): skipped, the operator can add it.
            LOG.warn("Recorder: skipped a {} event the steps cannot hold: {}", event.type(), e.getMessage());
            return false;
        }
    }

    /** The steps, ending with a wait for {@code finalUrl} when known. */
    LoginScript finish(Optional<String> finalUrl) {
        finalUrl.filter(RecordedSteps::isWebUrl).ifPresent(url -> add(LoginStep.waitForUrl(urlGlob(url))));
        return new LoginScript(steps);
    }

    List<LoginStep> steps() {
        return List.copyOf(steps);
    }

    private boolean fill(RecorderEvent event, long now) {
        String value;
        if (event.secret()) {
            value = PASSWORD;
        } else if (email.isPresent() && event.value().strip().equalsIgnoreCase(email.get())) {
            value = EMAIL;
        } else {
            value = event.value();
        }
        return replaceOrAdd(LoginStep.fill(event.selector(), value), now);
    }

    private boolean click(RecorderEvent event, long now) {
        LoginStep click = LoginStep.click(event.selector());
        if (!steps.isEmpty() && steps.get(steps.size() - 1).equals(click) && now - lastClickAt < 500) {
            return false;
        }
        lastClickAt = now;
        return action(click, now);
    }

    private boolean navigation(RecorderEvent event, long now) {
        if (!startLoaded || !isWebUrl(event.url()) || !event.referrer().isEmpty()
                || now - lastActionAt < TYPED_NAVIGATION_QUIET_MILLIS) {
            return false;
        }
        LoginStep goTo = LoginStep.goTo(urlTemplate(event.url()));
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).action() == LoginAction.GOTO) {
                if (steps.get(i).equals(goTo) && i == steps.size() - 1) {
                    return false;
                }
                break;
            }
        }
        return action(goTo, now);
    }

    /** A fill, check or select of the same element as the previous step replaces it. */
    private boolean replaceOrAdd(LoginStep step, long now) {
        lastActionAt = now;
        if (!steps.isEmpty()) {
            LoginStep last = steps.get(steps.size() - 1);
            if (last.action() == step.action() && last.selector().equals(step.selector())) {
                if (last.equals(step)) {
                    return false;
                }
                steps.set(steps.size() - 1, step);
                return true;
            }
        }
        add(step);
        return true;
    }

    private boolean action(LoginStep step, long now) {
        lastActionAt = now;
        add(step);
        return true;
    }

    private void add(LoginStep step) {
        steps.add(step);
    }

    /** {@code ${baseUrl}…} when the URL is under the base URL, else the URL as it is. */
    String urlTemplate(String url) {
        if (!baseUrl.isEmpty() && url.startsWith(baseUrl)) {
            String rest = url.substring(baseUrl.length());
            if (baseUrl.endsWith("/") || rest.isEmpty() || "/?#".indexOf(rest.charAt(0)) >= 0) {
                return BASE_URL + rest;
            }
        }
        return url;
    }

    /**
     * The URL reached as a Playwright glob: query and fragment dropped (then anything may follow the path), glob
     * characters in the path escaped, {@code ${baseUrl}} for the base URL.
     */
    String urlGlob(String url) {
        int cut = indexOfAny(url, '?', '#');
        String path = cut < 0 ? url : url.substring(0, cut);
        String template = urlTemplate(path);
        String prefix = template.startsWith(BASE_URL) ? BASE_URL : "";
        String escaped = prefix + escapeGlob(template.substring(prefix.length()));
        return cut < 0 ? escaped : escaped + "**";
    }

    private static String escapeGlob(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if ("*{}\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static int indexOfAny(String text, char a, char b) {
        int first = text.indexOf(a);
        int second = text.indexOf(b);
        if (first < 0) {
            return second;
        }
        return second < 0 ? first : Math.min(first, second);
    }

    static boolean isWebUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }
}
