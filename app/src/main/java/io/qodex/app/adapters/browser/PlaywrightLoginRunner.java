package io.qodex.app.adapters.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.CapturedSession;
import io.qodex.domain.login.CheckRequest;
import io.qodex.domain.login.FailureKind;
import io.qodex.domain.login.LivePage;
import io.qodex.domain.login.LoggedInCheck;
import io.qodex.domain.login.LoginResult;
import io.qodex.domain.login.LoginRunner;
import io.qodex.domain.login.LoginVariables;
import io.qodex.domain.login.RecordRequest;
import io.qodex.domain.login.RecordingListener;
import io.qodex.domain.login.RecordingResult;
import io.qodex.domain.login.ReplayListener;
import io.qodex.domain.login.ReplayRequest;
import io.qodex.domain.login.Running;
import io.qodex.domain.login.SessionCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LoginRunner} on Playwright for Java. One dedicated thread ({@code qodex-playwright}) owns every
 * Playwright object and runs the jobs one at a time. Playwright never downloads a browser
 * ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}): it launches the machine's Chromium or Chrome ({@link BrowserLocator}).
 * The driver is unpacked once into a cache folder ({@link PlaywrightDriver}). The headless browser stays open
 * ("warm") for {@link PlaywrightSettings#keepWarm()} after a job so that the next replay or check starts at once;
 * every replay and check still gets a fresh context.
 */
public final class PlaywrightLoginRunner implements LoginRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PlaywrightLoginRunner.class);
    /** Playwright adds the usual automation switches (and --no-sandbox as root); these keep Chromium off the network. */
    private static final List<String> EXTRA_ARGS = List.of("--disable-sync", "--disable-quic",
            "--disable-background-networking", "--disable-component-update", "--no-first-run");

    private final PlaywrightSettings settings;
    private final Clock clock;
    private final BrowserLocator locator;
    private final ScheduledThreadPoolExecutor thread;
    private final AtomicBoolean closed = new AtomicBoolean();

    // Owned by the Playwright thread.
    private @Nullable Playwright playwright;
    private @Nullable Browser warmBrowser;
    private @Nullable ScheduledFuture<?> idleClose;
    private @Nullable FreshContext spare;

    public PlaywrightLoginRunner(PlaywrightSettings settings) {
        this(settings, Clock.systemUTC(), BrowserLocator.forThisMachine());
    }

    PlaywrightLoginRunner(PlaywrightSettings settings, Clock clock, BrowserLocator locator) {
        this.settings = settings;
        this.clock = clock;
        this.locator = locator;
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "qodex-playwright");
            t.setDaemon(true);
            return t;
        });
        this.thread.setRemoveOnCancelPolicy(true);
        this.thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Drives every recording page of this process when set (UI tests, through {@code TestHooks}); else nobody. */
    private static volatile @Nullable Consumer<Page> recordingOperator;

    /**
     * Lets a UI test play the operator of every recording the app starts: {@code operator} gets the recording page
     * on the Playwright thread once it opened, as in {@link #record(RecordRequest, RecordingListener, Consumer)}.
     * {@code null} leaves recordings to a person again.
     */
    public static void operateRecordingsWith(@Nullable Consumer<Page> operator) {
        recordingOperator = operator;
    }

    @Override
    public Running<RecordingResult> record(RecordRequest request, RecordingListener listener) {
        Consumer<Page> operator = recordingOperator;
        return record(request, listener, operator != null ? operator : page -> { });
    }

    /**
     * Like {@link #record(RecordRequest, RecordingListener)}; {@code operator} is called on the Playwright thread with
     * the recording page once it opened, to drive it with Playwright's mouse and keyboard (tests, demos).
     */
    public Running<RecordingResult> record(RecordRequest request, RecordingListener listener, Consumer<Page> operator) {
        return submit("recording", stop -> {
            Browser visible = launch(false, settings.visibleBrowserEnvironment());
            try {
                return LoginRecorder.record(visible, request, listener, stop, operator);
            } finally {
                closeQuietly(visible);
            }
        }, RecordingResult.Failed::new);
    }

    @Override
    public Running<LoginResult> replay(ReplayRequest request, ReplayListener listener) {
        return submit("replay", stop -> replayNow(request, new RunLog(listener), stop),
                (kind, reason) -> new LoginResult.Failed(OptionalInt.empty(), kind, reason, Optional.empty(), List.of(reason)));
    }

    @Override
    public Running<SessionCheck> check(CheckRequest request, ReplayListener listener) {
        return submit("session check", stop -> checkNow(request, new RunLog(listener), stop), SessionCheck.Unreachable::new);
    }

    @Override
    public LivePage openLivePage(String url, LoginVariables variables) {
        PlaywrightLivePage live = new PlaywrightLivePage(variables);
        submit("live page", stop -> {
            Browser visible = launch(false, settings.visibleBrowserEnvironment());
            try {
                return live.run(visible, url);
            } finally {
                closeQuietly(visible);
            }
        }, (kind, reason) -> Optional.of(reason)).result().thenAccept(live::finished);
        return live;
    }

    /** Starts Playwright and the headless browser now, so that the next replay or check starts at once. */
    public CompletableFuture<Void> warmUp() {
        return submit("warm-up", stop -> {
            headless();
            prepareSpareContext();
            return Optional.<String>empty();
        }, (kind, reason) -> Optional.of(reason)).result().thenAccept(problem -> problem.ifPresent(reason -> {
            throw QodexException.unavailable(reason, null);
        }));
    }

    private LoginResult replayNow(ReplayRequest request, RunLog log, BooleanSupplier stop) {
        long started = System.nanoTime();
        FreshContext fresh = freshContext(headless());
        BrowserContext context = fresh.context();
        Page page = fresh.page();
        SessionCapture capture = fresh.capture();
        try {
            StepReplayer.Outcome outcome = new StepReplayer(page, request.variables(), settings, stop, log)
                    .run(request.script());
            if (outcome instanceof StepReplayer.Outcome.Stopped stopped) {
                log.line("Cancelled at step " + (stopped.index() + 1) + ".");
                return new LoginResult.Cancelled(OptionalInt.of(stopped.index()), log.lines());
            }
            if (outcome instanceof StepReplayer.Outcome.Broke broke) {
                log.line("Step " + (broke.index() + 1) + " failed: " + broke.reason());
                return new LoginResult.Failed(OptionalInt.of(broke.index()), broke.kind(), broke.reason(),
                        PageFacts.screenshot(page), log.lines());
            }
            CapturedSession session = capture.capture(context, page, settings.settleTimeout(), clock);
            log.line("Captured the session at " + session.finalUrl() + ": " + session.cookieCount() + " cookie(s)"
                    + session.earliestCookieExpiry().map(expiry -> ", earliest expiry " + expiry).orElse("")
                    + (session.bearerToken().isPresent() ? ", a bearer token" : ", no bearer token") + ", in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms.");
            return new LoginResult.Captured(session, log.lines());
        } finally {
            closeAfterThisJob(context);
            prepareSpareContext();
        }
    }

    /** A new, never used context and page, listened to for the capture; prepared ahead while the browser is warm. */
    private record FreshContext(BrowserContext context, Page page, SessionCapture capture) {
    }

    private FreshContext freshContext(Browser browser) {
        FreshContext ready = spare;
        spare = null;
        if (ready != null && ready.context().browser() == browser && browser.isConnected()) {
            return ready;
        }
        if (ready != null) {
            closeQuietly(ready.context());
        }
        BrowserContext context = browser.newContext();
        SessionCapture capture = new SessionCapture();
        capture.listen(context);
        return new FreshContext(context, context.newPage(), capture);
    }

    /** After a replay, while the browser stays warm: the next replay's context, made once this job's result is out. */
    private void prepareSpareContext() {
        if (settings.keepWarm().isZero()) {
            return;
        }
        try {
            thread.execute(() -> {
                if (spare == null && warmBrowser != null && warmBrowser.isConnected() && !closed.get()) {
                    try {
                        spare = freshContext(warmBrowser);
                    } catch (PlaywrightException e) {
                        LOG.debug("Could not prepare a spare context", e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("The runner is closing: no spare context");
        }
    }

    private SessionCheck checkNow(CheckRequest request, RunLog log, BooleanSupplier stop) {
        Browser browser = headless();
        String target = PageFacts.shortUrl(request.url());
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setStorageState(request.storageState().reveal()));
        try {
            NetworkQuiet quiet = new NetworkQuiet(context);
            Page page = context.newPage();
            log.line("Opening " + target + " with the stored session");
            try {
                page.navigate(request.url(), new Page.NavigateOptions().setTimeout(settings.navigationTimeout().toMillis()));
            } catch (PlaywrightException e) {
                String reason = "Could not open " + target + ": " + BrowserErrors.netError(e.getMessage()).orElse(
                        e instanceof TimeoutError ? "it took longer than " + StepReplayer.seconds(settings.navigationTimeout())
                                : "the page did not load") + ".";
                log.line(reason);
                return new SessionCheck.Unreachable(FailureKind.NAVIGATION, reason);
            }
            quiet.await(page, settings.settleTimeout());
            if (stop.getAsBoolean()) {
                return new SessionCheck.Cancelled();
            }
            SessionCheck result = evaluate(page, request, target);
            log.line(result instanceof SessionCheck.LoggedIn ? "Logged in at " + PageFacts.currentUrl(page) + "."
                    : result instanceof SessionCheck.LoggedOut out ? "Not logged in: " + out.reason() : result.toString());
            return result;
        } finally {
            closeAfterThisJob(context);
        }
    }

    /** Judges the settled page: the URL reached now, a selector that may still appear, or the absence of a login form. */
    private SessionCheck evaluate(Page page, CheckRequest request, String target) {
        LoggedInCheck check = request.check();
        if (check instanceof LoggedInCheck.UrlMatches url) {
            String glob = request.variables().resolve(url.glob());
            try {
                page.waitForURL(glob, new Page.WaitForURLOptions().setTimeout(100));
                return new SessionCheck.LoggedIn(PageFacts.currentUrl(page));
            } catch (TimeoutError e) {
                return loggedOut(page, "opening " + target + " landed on " + PageFacts.currentUrl(page)
                        + ", which does not match " + url.glob() + ".");
            }
        }
        if (check instanceof LoggedInCheck.SelectorVisible visible) {
            Duration wait = settings.stepTimeout().compareTo(Duration.ofSeconds(5)) < 0
                    ? settings.stepTimeout() : Duration.ofSeconds(5);
            try {
                page.locator(request.variables().resolve(visible.selector())).first().waitFor(new Locator.WaitForOptions()
                        .setState(WaitForSelectorState.VISIBLE).setTimeout(wait.toMillis()));
                return new SessionCheck.LoggedIn(PageFacts.currentUrl(page));
            } catch (TimeoutError e) {
                return loggedOut(page, visible.selector() + " is not visible at " + PageFacts.currentUrl(page) + ".");
            }
        }
        if (PageFacts.showsPasswordField(page)) {
            return loggedOut(page, "the page at " + PageFacts.currentUrl(page) + " shows a login form.");
        }
        return new SessionCheck.LoggedIn(PageFacts.currentUrl(page));
    }

    private static SessionCheck loggedOut(Page page, String reason) {
        return new SessionCheck.LoggedOut(PageFacts.currentUrl(page), reason, PageFacts.screenshot(page));
    }

    // ----- the thread, the jobs, the browser -----

    private <T> Running<T> submit(String what, Function<BooleanSupplier, T> work,
                                  BiFunction<FailureKind, String, T> failure) {
        Job<T> job = new Job<>();
        Runnable task = () -> {
            cancelIdleClose();
            try {
                job.result.complete(work.apply(job.stop::get));
            } catch (QodexException e) {
                LOG.warn("The {} could not run: {}", what, e.getMessage());
                job.result.complete(failure.apply(FailureKind.BROWSER, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("The {} failed unexpectedly", what, e);
                job.result.complete(failure.apply(FailureKind.BROWSER, "The browser failed unexpectedly: "
                        + BrowserErrors.summary(e.getMessage())));
                closeWarmBrowser();
            } catch (Error e) { // a broken installation (a class or resource missing): fail the job, never leave it hanging
                job.result.complete(failure.apply(FailureKind.BROWSER, "The browser failed unexpectedly: " + e));
                closeWarmBrowser();
                throw e;
            } finally {
                scheduleIdleClose();
            }
        };
        try {
            if (closed.get()) {
                throw new RejectedExecutionException("closed");
            }
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            job.result.complete(failure.apply(FailureKind.BROWSER, "The browser runner is closed."));
        }
        return job;
    }

    private static final class Job<T> implements Running<T> {
        final AtomicBoolean stop = new AtomicBoolean();
        final CompletableFuture<T> result = new CompletableFuture<>();

        @Override
        public void stop() {
            stop.set(true);
        }

        @Override
        public CompletableFuture<T> result() {
            return result;
        }
    }

    private Playwright playwright() {
        if (playwright == null) {
            long started = System.nanoTime();
            try {
                playwright = PlaywrightDriver.create(settings.driverCache(), new Playwright.CreateOptions()
                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            } catch (PlaywrightException e) {
                throw QodexException.unavailable("The browser driver did not start: " + BrowserErrors.summary(e.getMessage()), e);
            }
            LOG.info("Playwright started in {} ms", (System.nanoTime() - started) / 1_000_000);
        }
        return playwright;
    }

    private Browser headless() {
        if (warmBrowser == null || !warmBrowser.isConnected()) {
            warmBrowser = launch(true, Map.of());
        }
        return warmBrowser;
    }

    private Browser launch(boolean headless, Map<String, String> environment) {
        Path executable = locator.locate(settings.browser());
        Playwright driver = playwright();
        BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setExecutablePath(executable)
                .setHeadless(headless).setArgs(EXTRA_ARGS).setTimeout(30_000);
        if (!environment.isEmpty()) {
            Map<String, String> merged = new HashMap<>(System.getenv());
            merged.putAll(environment);
            options.setEnv(merged);
        }
        long started = System.nanoTime();
        try {
            Browser browser = driver.chromium().launch(options);
            LOG.info("Launched {} ({}) in {} ms", executable, headless ? "headless" : "visible",
                    (System.nanoTime() - started) / 1_000_000);
            return browser;
        } catch (PlaywrightException e) {
            throw QodexException.unavailable("The browser " + executable + " did not start"
                    + (headless ? "" : " (is there a display? DISPLAY=" + environment.getOrDefault("DISPLAY",
                    System.getenv().getOrDefault("DISPLAY", "")) + ")") + ": " + BrowserErrors.summary(e.getMessage()), e);
        }
    }

    private void cancelIdleClose() {
        if (idleClose != null) {
            idleClose.cancel(false);
            idleClose = null;
        }
    }

    private void scheduleIdleClose() {
        if (warmBrowser != null && !closed.get()) {
            try {
                idleClose = thread.schedule(this::closeWarmBrowser, settings.keepWarm().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                closeWarmBrowser();
            }
        }
    }

    private void closeWarmBrowser() {
        if (spare != null) {
            closeQuietly(spare.context());
            spare = null;
        }
        if (warmBrowser != null) {
            closeQuietly(warmBrowser);
            warmBrowser = null;
            LOG.info("Closed the idle headless browser");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(() -> {
                cancelIdleClose();
                closeWarmBrowser();
                if (playwright != null) {
                    try {
                        playwright.close();
                    } catch (PlaywrightException e) {
                        LOG.debug("Playwright did not close cleanly", e);
                    }
                    playwright = null;
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("The Playwright thread had already stopped");
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(15, TimeUnit.SECONDS)) {
                LOG.warn("The Playwright thread did not stop within 15 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes a used context once the job's result is out (it takes a few dozen ms nobody needs to wait for). */
    private void closeAfterThisJob(BrowserContext context) {
        try {
            thread.execute(() -> closeQuietly(context));
        } catch (RejectedExecutionException e) {
            closeQuietly(context);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed", closeable.getClass().getSimpleName(), e);
        }
    }
}
