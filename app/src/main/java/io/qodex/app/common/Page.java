package io.qodex.app.common;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The parts of a content page: its heading (a title, a sentence saying what the page is for, and optional actions) and
 * the scroll pane a form-like page lives in.
 */
public final class Page {

    private Page() {
    }

    public static HBox header(String title, String subtitle, Node... actions) {
        Label heading = new Label(title);
        heading.getStyleClass().add("page-title");
        heading.setId("page-title");
        Label sub = new Label(subtitle);
        sub.getStyleClass().add("page-subtitle");
        sub.setWrapText(true);
        sub.setMinHeight(Region.USE_PREF_SIZE); // all its lines: a page body that grows does not cut it to "…"
        VBox text = new VBox(4, heading, sub);
        HBox.setHgrow(text, Priority.ALWAYS);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.SOMETIMES);
        HBox header = new HBox(12, text, gap);
        header.getChildren().addAll(actions);
        header.setAlignment(Pos.TOP_LEFT);
        return header;
    }

    /** A form-like page at most {@code maxWidth} wide, scrolling vertically, edge to edge. */
    public static javafx.scene.control.ScrollPane scrolling(Region page, double maxWidth) {
        page.setMaxWidth(maxWidth);
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(page);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        return scroll;
    }
}
