package io.qodex.app.environments;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;

/** A field's error under it, in red; it takes no space while there is none. It can follow another row's error. */
final class InlineError extends Label {

    InlineError() {
        getStyleClass().add("field-error");
        setWrapText(true);
        visibleProperty().bind(textProperty().isNotEmpty());
        managedProperty().bind(visibleProperty());
    }

    InlineError(ObservableStringValue error) {
        this();
        follow(error);
    }

    void follow(ObservableStringValue error) {
        textProperty().bind(error);
    }
}
