package io.qodex.app.common;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** A labelled input with an inline message underneath (error in red, hint in grey); the message takes no space when empty. */
public final class FormField extends VBox {

    private final Label message = new Label();
    /** Held strongly: a binding is only weakly referenced by what it observes and would otherwise be collected. */
    private final ObservableStringValue error;

    public FormField(String label, Node input, ObservableStringValue error) {
        this(label, input, error, null);
    }

    public FormField(String label, Node input, ObservableStringValue error, String hint) {
        super(4);
        this.error = error;
        Label caption = new Label(label);
        caption.getStyleClass().add("form-label");
        caption.setLabelFor(input);
        caption.setMnemonicParsing(false);
        message.setWrapText(true);
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // all its lines, also in a narrow window
        message.managedProperty().bind(message.visibleProperty());
        Runnable update = () -> {
            String text = error.get();
            boolean hasError = text != null && !text.isEmpty();
            message.getStyleClass().removeAll("field-error", "field-hint");
            if (hasError) {
                message.setText(text);
                message.getStyleClass().add("field-error");
                message.setVisible(true);
            } else if (hint != null) {
                message.setText(hint);
                message.getStyleClass().add("field-hint");
                message.setVisible(true);
            } else {
                message.setText("");
                message.setVisible(false);
            }
        };
        this.error.addListener((obs, old, now) -> update.run());
        update.run();
        getChildren().addAll(caption, input, message);
        if (input.getId() != null) {
            message.setId(input.getId() + "-error"); // "api-keys-name" → "api-keys-name-error", for tests and tools
        }
    }

    public Label message() {
        return message;
    }

    /** Keeps the message line's room while there is no message, so that nothing below moves when one appears. */
    public FormField reserveMessage() {
        Notices.reserveLine(message);
        // a hint on two lines, an error on one: the line keeps the tallest room it had
        message.heightProperty().addListener((obs, old, height) -> {
            if (height.doubleValue() > message.getMinHeight()) {
                message.minHeightProperty().unbind();
                message.setMinHeight(height.doubleValue());
            }
        });
        return this;
    }
}
