package io.qodex.app.common;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;

/** What a screen shows when there is nothing yet: an icon, a sentence, and what to do about it. */
public final class EmptyState extends VBox {

    public EmptyState(Ikon icon, String title, String guidance, Node... actions) {
        getStyleClass().add("empty-state");
        Label heading = new Label(title);
        heading.getStyleClass().add(atlantafx.base.theme.Styles.TITLE_4);
        Label text = new Label(guidance);
        text.setWrapText(true);
        text.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        text.setMaxWidth(420);
        text.setStyle("-fx-text-alignment: center;");
        getChildren().addAll(Icons.of(icon), heading, text);
        getChildren().addAll(actions);
    }
}
