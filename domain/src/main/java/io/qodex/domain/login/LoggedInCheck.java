package io.qodex.domain.login;

import io.qodex.domain.common.QodexException;

/**
 * How "Check session" tells that a page is shown logged in, as kept in {@code auth_profiles.logged_in_check}:
 * {@code selector:<selector>} (the element is visible), {@code url:<glob>} (the URL reached matches), or empty for
 * the default, {@link NoPasswordField} (the page shows no password field).
 */
public sealed interface LoggedInCheck {

    /** Logged in when this element is visible after the page loaded. */
    record SelectorVisible(String selector) implements LoggedInCheck {
        public SelectorVisible {
            if (selector.isBlank()) {
                throw QodexException.invalid("loggedInCheck", "Enter the selector of an element only a logged-in user sees.");
            }
        }
    }

    /** Logged in when the URL reached (after redirects) matches this Playwright URL glob (may use variables). */
    record UrlMatches(String glob) implements LoggedInCheck {
        public UrlMatches {
            if (glob.isBlank()) {
                throw QodexException.invalid("loggedInCheck", "Enter the URL pattern a logged-in user lands on.");
            }
        }
    }

    /** The default: logged in when the page reached shows no visible password field. */
    record NoPasswordField() implements LoggedInCheck {
    }

    /** Reads the stored text form; blank means the default. */
    static LoggedInCheck parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return new NoPasswordField();
        }
        if (trimmed.startsWith("selector:")) {
            return new SelectorVisible(trimmed.substring("selector:".length()).strip());
        }
        if (trimmed.startsWith("url:")) {
            return new UrlMatches(trimmed.substring("url:".length()).strip());
        }
        throw QodexException.invalid("loggedInCheck",
                "Write the logged-in check as \"selector:<selector>\" or \"url:<pattern>\", or leave it empty.");
    }

    /** The stored text form ({@code ""} for the default). */
    default String toText() {
        if (this instanceof SelectorVisible visible) {
            return "selector:" + visible.selector();
        }
        if (this instanceof UrlMatches url) {
            return "url:" + url.glob();
        }
        return "";
    }
}
