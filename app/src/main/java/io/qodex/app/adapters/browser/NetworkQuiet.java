package io.qodex.app.adapters.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.LoadState;
import java.time.Duration;

/**
 * Waits until a page has settled: loaded, and no request of its context in flight for {@value #QUIET_MILLIS} ms.
 * Cheaper than Playwright's "networkidle" (500 ms of silence), and enough for the scripts that store tokens and make
 * the first API calls after a login. Events arrive on the Playwright thread, so plain fields suffice.
 */
final class NetworkQuiet {

    static final long QUIET_MILLIS = 150;

    private int inFlight;
    private long lastActivity = System.nanoTime();

    NetworkQuiet(BrowserContext context) {
        context.onRequest(request -> {
            inFlight++;
            lastActivity = System.nanoTime();
        });
        context.onRequestFinished(request -> settled());
        context.onRequestFailed(request -> settled());
    }

    private void settled() {
        inFlight = Math.max(0, inFlight - 1);
        lastActivity = System.nanoTime();
    }

    /** Waits at most {@code max}; a page still busy then (polling, long requests) is taken as it is. */
    void await(Page page, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            page.waitForLoadState(LoadState.LOAD, new Page.WaitForLoadStateOptions().setTimeout(Math.max(1, max.toMillis())));
            while (System.nanoTime() < deadline
                    && (inFlight > 0 || System.nanoTime() - lastActivity < QUIET_MILLIS * 1_000_000)) {
                page.waitForTimeout(25);
            }
        } catch (TimeoutError e) {
            // still loading: take it as it is
        }
    }
}
