package io.qodex.app.adapters.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import io.qodex.domain.login.FailureKind;
import io.qodex.domain.login.LoginStep;
import io.qodex.domain.login.RecordRequest;
import io.qodex.domain.login.RecordingListener;
import io.qodex.domain.login.RecordingResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a login in a visible browser, on the Playwright thread: the recorder script ({@code recorder.js}) runs in
 * every page of a fresh context and reports trusted events through an exposed binding; {@link RecordedSteps} turns
 * them into steps. Runs until a stop is requested or the window is closed.
 */
final class LoginRecorder {

    static final String BINDING = "__qodexRecord";
    private static final Logger LOG = LoggerFactory.getLogger(LoginRecorder.class);
    private static final String SCRIPT = loadScript();

    private LoginRecorder() {
    }

    static RecordingResult record(Browser browser, RecordRequest request, RecordingListener listener,
                                  BooleanSupplier stopRequested, Consumer<Page> operator) {
        RecordedSteps steps = new RecordedSteps(request.baseUrl(), request.authEmail());
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<String> lastUrl = new AtomicReference<>(request.startUrl());
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(null));
        try {
            context.exposeBinding(BINDING, (source, args) -> {
                if (source.frame().parentFrame() == null && args.length > 0) {
                    RecorderEvent.parse(args[0]).ifPresent(event -> {
                        if (steps.accept(event, System.currentTimeMillis())) {
                            notify(listener, steps.steps());
                        }
                    });
                }
                return null;
            });
            context.addInitScript(SCRIPT);
            Page page = context.newPage();
            page.onClose(closedPage -> closed.set(true));
            browser.onDisconnected(gone -> closed.set(true));
            page.onFrameNavigated((Frame frame) -> {
                if (frame.parentFrame() == null) {
                    lastUrl.set(frame.url());
                }
            });
            steps.start(request.startUrl(), System.currentTimeMillis());
            notify(listener, steps.steps());
            try {
                page.navigate(request.startUrl());
            } catch (PlaywrightException e) {
                return new RecordingResult.Failed(FailureKind.NAVIGATION, "Could not open " + request.startUrl() + ": "
                        + BrowserErrors.netError(e.getMessage()).orElse("the page did not load") + ".");
            }
            steps.startLoaded(System.currentTimeMillis());
            operator.accept(page);
            while (!stopRequested.getAsBoolean() && !closed.get()) {
                try {
                    page.waitForTimeout(100);
                } catch (PlaywrightException e) {
                    closed.set(true);
                }
            }
            if (!closed.get()) {
                try {
                    page.waitForTimeout(50); // let the last events arrive
                    lastUrl.set(page.url());
                } catch (PlaywrightException e) {
                    LOG.debug("The recording page went away while finishing", e);
                }
            }
            RecordingResult result = new RecordingResult.Recorded(steps.finish(Optional.of(lastUrl.get())));
            notify(listener, ((RecordingResult.Recorded) result).script().steps());
            return result;
        } finally {
            try {
                context.close();
            } catch (PlaywrightException e) {
                LOG.debug("The recording context was already closed", e);
            }
        }
    }

    private static void notify(RecordingListener listener, List<LoginStep> steps) {
        try {
            listener.stepsChanged(steps);
        } catch (RuntimeException e) {
            LOG.warn("A recording listener failed", e);
        }
    }

    /** The recorder script (also used by the live page for "pick element"). */
    static String script() {
        return SCRIPT;
    }

    private static String loadScript() {
        try (InputStream in = LoginRecorder.class.getResourceAsStream("recorder.js")) {
            if (in == null) {
                throw new IllegalStateException("recorder.js is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
