package io.qodex.app.logins;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.LivePage;
import io.qodex.domain.login.UiLoginService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import org.jspecify.annotations.Nullable;

/**
 * "Highlight" and "Pick element" of the Logins section: one live browser window at the environment's base URL,
 * opened in the background on first use and closed with the section.
 */
final class LivePageTools {

    /** Where the tools report: a message, a failure shown as one, an edit of the steps, a failure to report. */
    interface Report {
        void say(String text);

        void warn(String text);

        void edited();

        void fail(QodexException problem);
    }

    private final Workspace workspace;
    private final Supplier<UiLoginService.@Nullable Target> target;
    private final Report report;
    private volatile @Nullable LivePage livePage;

    LivePageTools(Workspace workspace, Supplier<UiLoginService.@Nullable Target> target, Report report) {
        this.workspace = workspace;
        this.target = target;
        this.report = report;
    }

    /** Opens the base URL in a live browser window and highlights the row's selector there. */
    void highlight(StepRow row) {
        withLivePage(page -> page.highlight(row.selector.get()).whenComplete((count, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                report.warn("Could not highlight: " + failure.getMessage());
            } else {
                report.say(row.selector.get() + " matches " + count + " element(s) in the live page.");
            }
        })));
    }

    /** Waits for a click in the live page and puts that element's selector into the row. */
    void pick(StepRow row) {
        report.say("Click the element in the live page.");
        withLivePage(page -> page.pickElement().whenComplete((selector, failure) -> Platform.runLater(() -> {
            if (failure == null && selector.isPresent()) {
                row.selector.set(selector.get());
                report.edited();
                report.say("Picked " + selector.get() + ".");
            } else {
                report.say("Nothing was picked.");
            }
        })));
    }

    private void withLivePage(Consumer<LivePage> action) {
        UiLoginService.Target current = target.get();
        if (current == null) {
            return;
        }
        Tasks.run(() -> {
                    LivePage page = livePage;
                    if (page == null || page.closed().isDone()) {
                        page = workspace.logins().runner().openLivePage(current.environment().baseUrl().value(),
                                template -> template);
                        livePage = page;
                    }
                    return page;
                })
                .onSuccess(action::accept)
                .onError(report::fail)
                .start();
    }

    void close() {
        LivePage page = livePage;
        if (page != null) {
            page.close();
        }
    }
}
