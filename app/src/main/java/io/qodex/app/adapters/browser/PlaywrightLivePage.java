package io.qodex.app.adapters.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.LivePage;
import io.qodex.domain.login.LoginVariables;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step editor's live page: a visible page driven from the Playwright thread, which runs the queued commands
 * (highlight, pick) between short waits until the window is closed or {@link #close()} is called.
 */
final class PlaywrightLivePage implements LivePage {

    private static final Logger LOG = LoggerFactory.getLogger(PlaywrightLivePage.class);

    private final LoginVariables variables;
    private final ConcurrentLinkedQueue<Consumer<Page>> commands = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final CompletableFuture<Optional<String>> closed = new CompletableFuture<>();
    /** Touched on the Playwright thread only. */
    private @Nullable CompletableFuture<Optional<String>> pendingPick;

    PlaywrightLivePage(LoginVariables variables) {
        this.variables = variables;
    }

    @Override
    public CompletableFuture<Integer> highlight(String selector) {
        CompletableFuture<Integer> count = new CompletableFuture<>();
        enqueue(page -> {
            String resolved = variables.resolve(selector);
            try {
                Locator matches = page.locator(resolved);
                int n = matches.count();
                if (n > 0) {
                    matches.highlight();
                }
                count.complete(n);
            } catch (PlaywrightException e) {
                throw QodexException.invalid("selector", "The selector " + selector + " is not valid: "
                        + BrowserErrors.summary(e.getMessage()));
            }
        }, count, 0);
        return count;
    }

    @Override
    public CompletableFuture<Optional<String>> pickElement() {
        CompletableFuture<Optional<String>> picked = new CompletableFuture<>();
        enqueue(page -> {
            if (pendingPick != null) {
                pendingPick.complete(Optional.empty());
            }
            pendingPick = picked;
            page.evaluate("() => window.__qodexPick && window.__qodexPick()");
        }, picked, Optional.empty());
        return picked;
    }

    /** Runs an action on the page, on the Playwright thread (tests drive the page with it). */
    CompletableFuture<Void> withPage(Consumer<Page> action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(page -> {
            action.accept(page);
            done.complete(null);
        }, done, null);
        return done;
    }

    @Override
    public void close() {
        closeRequested.set(true);
    }

    @Override
    public CompletableFuture<Optional<String>> closed() {
        return closed;
    }

    /** The job, on the Playwright thread: returns why the page could not be opened, if it could not. */
    Optional<String> run(Browser browser, String url) {
        AtomicBoolean pageClosed = new AtomicBoolean();
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(null));
        try {
            context.exposeBinding(LoginRecorder.BINDING, (source, args) -> {
                if (args.length > 0) {
                    RecorderEvent.parse(args[0]).filter(event -> event.type().equals("picked")).ifPresent(event -> {
                        if (pendingPick != null) {
                            pendingPick.complete(Optional.of(event.selector()));
                            pendingPick = null;
                        }
                    });
                }
                return null;
            });
            context.addInitScript(LoginRecorder.script());
            Page page = context.newPage();
            page.onClose(gone -> pageClosed.set(true));
            browser.onDisconnected(gone -> pageClosed.set(true));
            try {
                page.navigate(url);
            } catch (PlaywrightException e) {
                return Optional.of("Could not open " + PageFacts.shortUrl(url) + ": "
                        + BrowserErrors.netError(e.getMessage()).orElse("the page did not load") + ".");
            }
            while (!closeRequested.get() && !pageClosed.get()) {
                for (Consumer<Page> command = commands.poll(); command != null; command = commands.poll()) {
                    command.accept(page);
                }
                try {
                    page.waitForTimeout(100);
                } catch (PlaywrightException e) {
                    pageClosed.set(true);
                }
            }
            return Optional.empty();
        } finally {
            closeRequested.set(true);
            if (pendingPick != null) {
                pendingPick.complete(Optional.empty());
                pendingPick = null;
            }
            for (Consumer<Page> command = commands.poll(); command != null; command = commands.poll()) {
                LOG.debug("Dropping a live-page command: the page is closed");
            }
            try {
                context.close();
            } catch (PlaywrightException e) {
                LOG.debug("The live page's context was already closed", e);
            }
        }
    }

    /** Queues a command whose future completes with {@code whenClosed} if the page is gone before it runs. */
    private <T> void enqueue(Consumer<Page> command, CompletableFuture<T> future, @Nullable T whenClosed) {
        if (closeRequested.get() || closed.isDone()) {
            future.complete(whenClosed);
            return;
        }
        commands.add(page -> {
            try {
                command.accept(page);
            } catch (QodexException e) {
                future.completeExceptionally(e);
            } catch (PlaywrightException e) {
                future.completeExceptionally(QodexException.unavailable(BrowserErrors.summary(e.getMessage()), e));
            }
        });
        closed.whenComplete((reason, error) -> future.complete(whenClosed));
    }

    void finished(Optional<String> problem) {
        closeRequested.set(true);
        closed.complete(problem);
    }
}
