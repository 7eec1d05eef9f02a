package io.qodex.app.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.qodex.app.common.Background;
import io.qodex.app.common.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Fails the test during which the app let an exception go unhandled:
 * <ul>
 *   <li>thrown on the FX thread, or on any thread without a handler of its own: TestFX's default uncaught-exception
 *       handler collects those (its {@code autoCheckException} stays on, so the next FX call of the same test fails
 *       at once, too);</li>
 *   <li>thrown in a background task or on a background thread: {@link Tasks} and {@link Background} log those as
 *       errors with the exception (a task's expected refusal is a {@code QodexException}, logged below error).</li>
 * </ul>
 * Checked after every test, and after the class (its {@code @AfterAll} stops the app). Something collected before a
 * test began fails that test's set-up phase instead: the class's {@code @BeforeAll}, or an earlier class.
 */
public final class FxFailures implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final ConcurrentLinkedQueue<ILoggingEvent> BACKGROUND_FAILURES = new ConcurrentLinkedQueue<>();
    private static final AppenderBase<ILoggingEvent> APPENDER = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR) && event.getThrowableProxy() != null) {
                BACKGROUND_FAILURES.add(event);
            }
        }
    };

    static {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        APPENDER.setContext(context);
        APPENDER.setName("fx-failures");
        APPENDER.start();
        for (Class<?> source : List.of(Tasks.class, Background.class)) {
            Logger logger = context.getLogger(source);
            logger.addAppender(APPENDER);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        check("before " + context.getDisplayName() + " began (an earlier test class)");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        check("before the test began (the class's set-up or the previous test)");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check("during the test");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check("after the last test (stopping the app)");
    }

    private static void check(String when) {
        List<Throwable> failures = new ArrayList<>();
        if (FxToolkit.isFXApplicationThreadRunning()) {
            WaitForAsyncUtils.waitForFxEvents(); // what is already queued on the FX thread runs first
            while (true) {
                try {
                    WaitForAsyncUtils.checkException(); // takes one collected exception, if any
                    break;
                } catch (Throwable uncaught) {
                    failures.add(uncaught);
                }
            }
        }
        for (ILoggingEvent event; (event = BACKGROUND_FAILURES.poll()) != null; ) {
            AssertionError logged = new AssertionError(event.getLoggerName() + ": " + event.getFormattedMessage() + ": "
                    + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage());
            if (event.getThrowableProxy() instanceof ThrowableProxy proxy) {
                logged.initCause(proxy.getThrowable());
            }
            failures.add(logged);
        }
        if (failures.isEmpty()) {
            return;
        }
        AssertionError failure = new AssertionError(failures.size() + " unhandled exception(s) in the app " + when
                + "; the first: " + failures.get(0));
        failures.forEach(failure::addSuppressed);
        throw failure;
    }
}
