package io.qodex.app.common;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;

/** A page's one-line notices (saved, refused, warning): present only while there is something to say. */
public final class Notices {

    private Notices() {
    }

    /** A wrapped label showing {@code text} with {@code styleClass}, taking no space while the text is empty. */
    public static Label bound(String id, ObservableStringValue text, String styleClass) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().add(styleClass);
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }
}
