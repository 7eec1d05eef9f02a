package io.qodex.app.common;

import io.qodex.domain.live.Change;
import javafx.scene.Node;

/** The content of one section of one project. */
public interface SectionView {

    Node node();

    /** Reload from the database (after a reconnection, or on F5). */
    void refresh();

    /** Another operator changed something; refresh if it concerns this view. */
    default void changed(Change change) {
    }

    /** Ctrl+S: save what the page edits (pages without an editor ignore it). */
    default void save() {
    }

    /** The view is being replaced: stop background work, wipe revealed secrets. */
    default void dispose() {
    }
}
