package io.qodex.app.common;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The heading of a content page: a title, a sentence saying what the page is for, and optional actions. */
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
}
