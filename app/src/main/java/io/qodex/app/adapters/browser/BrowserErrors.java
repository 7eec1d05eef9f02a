package io.qodex.app.adapters.browser;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads Playwright's error messages, which look like {@code Error {\n message='…'\n name='…'\n stack='…'}} or
 * {@code locator.click: Timeout 3000ms exceeded.\nCall log: …}: the one line a person needs.
 */
final class BrowserErrors {

    private static final Pattern NET_ERROR = Pattern.compile("net::ERR_[A-Z_]+");
    private static final Pattern MESSAGE = Pattern.compile("message='([^\\n]*)");

    private BrowserErrors() {
    }

    /** The first line of the error's own message, without the wrapping. */
    static String summary(@Nullable String message) {
        String text = message == null ? "" : message.strip();
        Matcher wrapped = MESSAGE.matcher(text);
        if (text.startsWith("Error {") && wrapped.find()) {
            text = wrapped.group(1).strip();
        }
        int newline = text.indexOf('\n');
        text = newline < 0 ? text : text.substring(0, newline);
        return text.startsWith("Error: ") ? text.substring("Error: ".length()) : text;
    }

    /** Chromium's network error code in the message (e.g. {@code net::ERR_CONNECTION_REFUSED}), if any. */
    static Optional<String> netError(@Nullable String message) {
        Matcher matcher = NET_ERROR.matcher(message == null ? "" : message);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }

    static boolean isStrictModeViolation(@Nullable String message) {
        return message != null && message.contains("strict mode violation");
    }
}
