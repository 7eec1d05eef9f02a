package io.qodex.app.adapters.browser;

import io.qodex.domain.login.LoginStep;
import io.qodex.domain.login.ReplayListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live log of one replay or check: each line goes to the listener, to the application log and into the result.
 * Lines are built from step templates and short URLs only, never from resolved values. A listener that throws is
 * logged and otherwise ignored.
 */
final class RunLog {

    private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);

    private final ReplayListener listener;
    private final List<String> lines = new ArrayList<>();

    RunLog(ReplayListener listener) {
        this.listener = listener;
    }

    void line(String line) {
        lines.add(line);
        LOG.info("{}", line);
        try {
            listener.log(line);
        } catch (RuntimeException e) {
            LOG.warn("A replay listener failed on a log line", e);
        }
    }

    void stepStarted(int index, LoginStep step) {
        try {
            listener.stepStarted(index, step);
        } catch (RuntimeException e) {
            LOG.warn("A replay listener failed on step start", e);
        }
    }

    void stepSucceeded(int index, LoginStep step, Duration took) {
        try {
            listener.stepSucceeded(index, step, took);
        } catch (RuntimeException e) {
            LOG.warn("A replay listener failed on step end", e);
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
