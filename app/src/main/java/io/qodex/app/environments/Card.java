package io.qodex.app.environments;

import atlantafx.base.theme.Styles;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** A titled card of the environment editor. */
final class Card {

    private Card() {
    }

    static VBox titled(String title, Node content) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_4);
        VBox card = new VBox(10, heading, content);
        card.getStyleClass().add("card");
        return card;
    }
}
