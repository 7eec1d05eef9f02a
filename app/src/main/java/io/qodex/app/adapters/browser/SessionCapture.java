package io.qodex.app.adapters.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.Cookie;
import io.qodex.domain.common.Secret;
import io.qodex.domain.login.CapturedSession;
import io.qodex.domain.login.Screenshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Captures a logged-in context: Playwright's storageState (cookies, localStorage and IndexedDB), the earliest cookie
 * expiry, the last bearer token seen in a request's {@code Authorization} header, the final URL and a screenshot.
 */
final class SessionCapture {

    private static final String BEARER = "bearer ";

    private @Nullable String lastBearerToken;
    private @Nullable NetworkQuiet quiet;

    /** Starts listening to the context's requests: bearer tokens, and what is in flight. */
    void listen(BrowserContext context) {
        quiet = new NetworkQuiet(context);
        context.onRequest(this::sniff);
    }

    private void sniff(Request request) {
        try {
            String authorization = request.headers().get("authorization");
            if (authorization != null && authorization.length() > BEARER.length()
                    && authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
                lastBearerToken = authorization.substring(BEARER.length()).strip();
            }
        } catch (PlaywrightException e) {
            // a request whose headers are gone: nothing to sniff
        }
    }

    /** Lets the page settle (see {@link NetworkQuiet}, at most {@code settle}), then captures. */
    CapturedSession capture(BrowserContext context, Page page, Duration settle, Clock clock) {
        if (quiet != null) {
            quiet.await(page, settle);
        }
        Screenshot screenshot = new Screenshot(page.screenshot());
        String finalUrl = PageFacts.shortUrl(page.url());
        String state = context.storageState(new BrowserContext.StorageStateOptions().setIndexedDB(true));
        List<Cookie> cookies = context.cookies();
        Optional<Instant> earliest = cookies.stream()
                .filter(cookie -> cookie.expires != null && cookie.expires > 0)
                .map(cookie -> Instant.ofEpochMilli((long) (cookie.expires * 1000)))
                .min(Instant::compareTo);
        String token = lastBearerToken;
        return new CapturedSession(Secret.copyOf(state), clock.instant(), earliest, cookies.size(),
                Optional.ofNullable(token).filter(t -> !t.isEmpty()).map(Secret::copyOf), finalUrl, screenshot);
    }
}
