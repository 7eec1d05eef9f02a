package io.qodex.app.adapters.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import io.qodex.domain.login.Screenshot;
import java.util.Optional;

/** What the runner reads off a page for its messages, never failing: URL, login form, alert text, screenshot. */
final class PageFacts {

    private PageFacts() {
    }

    /** The URL without query or fragment (they may carry tokens), for logs and messages. */
    static String shortUrl(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return url.substring(0, cut);
    }

    static String currentUrl(Page page) {
        try {
            return shortUrl(page.url());
        } catch (PlaywrightException e) {
            return "(unknown page)";
        }
    }

    /** Whether the page shows a password field: a login form. */
    static boolean showsPasswordField(Page page) {
        try {
            return page.locator("input[type=password]").first().isVisible();
        } catch (PlaywrightException e) {
            return false;
        }
    }

    /** The text of the page's first visible alert or error message, shortened, if any. */
    static Optional<String> alertText(Page page) {
        try {
            Object text = page.evaluate("() => { const el = Array.from(document.querySelectorAll("
                    + "'[role=alert], .alert, .error, .errors, .flash, .notification, [aria-live=assertive]'))"
                    + ".find(e => e.offsetParent !== null && e.textContent.trim());"
                    + " return el ? el.textContent.replace(/\\s+/g, ' ').trim() : ''; }");
            String value = text == null ? "" : text.toString();
            if (value.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(value.length() > 160 ? value.substring(0, 157) + "..." : value);
        } catch (PlaywrightException e) {
            return Optional.empty();
        }
    }

    static Optional<Screenshot> screenshot(Page page) {
        try {
            return Optional.of(new Screenshot(page.screenshot(new Page.ScreenshotOptions().setTimeout(5000))));
        } catch (PlaywrightException e) {
            return Optional.empty();
        }
    }
}
