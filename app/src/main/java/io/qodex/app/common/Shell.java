package io.qodex.app.common;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;

/**
 * What a page may ask of the window around it: show a notice, report a failure that concerns the whole window (the
 * database is gone), reload or update the project list, and the active environment every page follows. Pages know
 * this interface, not the shell's view model.
 */
public interface Shell {

    /** A one-line notice at the top of the window (it fades after a while). */
    void notice(String text);

    /** A failure: unavailable databases become the window's banner, the rest a notice. */
    void fail(QodexException problem);

    void refreshProjects();

    /** Goes to a route ({@code /p/shop/scenarios}); false (with a notice) when it names nothing the user can open. */
    boolean navigate(String route);

    /**
     * Goes to a section of the current project with what it should select ({@code "environments", ["QA",
     * "auth-profiles"]}); false when the page in view kept the window.
     */
    boolean open(String section, java.util.List<String> detail);

    /** A project changed (renamed, archived, created); {@code openIt} switches to it. */
    void projectUpdated(Project project, boolean openIt);

    /**
     * The page selected something a route can carry ({@code ["QA staging", "variables"]}): the route bar shows
     * {@code /p/shop/environments/QA%20staging/variables}, and it can be opened again.
     */
    default void selected(java.util.List<String> detail) {
    }

    /** The user's active environment of the current project. */
    ActiveEnvironment environments();
}
