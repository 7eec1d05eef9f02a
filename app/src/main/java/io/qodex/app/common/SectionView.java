package io.qodex.app.common;

import io.qodex.domain.live.Change;
import javafx.scene.Node;

/** The content of one section of one project. */
public interface SectionView {

    Node node();

    /**
     * A route's detail after the section ({@code /p/shop/scenarios/Checkout}: {@code ["Checkout"]}): select it, and say
     * so through {@link Shell#selected}; a detail that names nothing here gets a notice.
     */
    default void open(java.util.List<String> detail) {
    }

    /** Reload from the database (after a reconnection, or on F5). */
    void refresh();

    /** Another operator changed something; refresh if it concerns this view. */
    default void changed(Change change) {
    }

    /** Ctrl+S: save what the page edits (pages without an editor ignore it). */
    default void save() {
    }

    /** Ctrl+N on this page: create what the page lists; false leaves Ctrl+N to the window (a new project). */
    default boolean createNew() {
        return false;
    }

    /**
     * The window is about to show another section or project. True lets it go now; false keeps this page (the user
     * cancelled, or something must finish first), and then {@code proceed} may be run later to go on (after a save).
     */
    default boolean mayLeave(Runnable proceed) {
        return true;
    }

    /** The view is being replaced: stop background work, wipe revealed secrets. */
    default void dispose() {
    }
}
