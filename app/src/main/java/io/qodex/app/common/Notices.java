package io.qodex.app.common;

import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * A page's one-line notices (saved, refused, warning): present only while there is something to say. A notice belongs
 * to the page and the action that raised it: one bound to a writable text ({@link #bound(String, StringProperty,
 * String)}) is cleared by {@link #clearWithin} when the window starts the next action (another environment, Ctrl+S, a
 * route). Lines in forms that must not move keep their room while empty ({@link #reserveLine}).
 */
public final class Notices {

    /** Key in a notice label's properties: what empties it. */
    private static final String CLEAR = "qodex.notice.clear";

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

    /** As {@link #bound(String, ObservableStringValue, String)}; the window empties it when the next action starts. */
    public static Label bound(String id, StringProperty text, String styleClass) {
        Label label = bound(id, (ObservableStringValue) text, styleClass);
        clearedOnNextAction(label, text);
        return label;
    }

    /** Marks {@code node} as showing {@code text}, a notice {@link #clearWithin} empties. */
    public static void clearedOnNextAction(Node node, StringProperty text) {
        node.getProperties().put(CLEAR, (Runnable) () -> text.set(""));
    }

    /** Empties every notice shown under {@code root} (the next action or page begins). */
    public static void clearWithin(Node root) {
        if (root.getProperties().get(CLEAR) instanceof Runnable clear) {
            clear.run();
        }
        if (root instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                clearWithin(child);
            }
        }
    }

    /**
     * Keeps a line's room while the label is empty or hidden (it stays managed, at least one line high in its font),
     * so that a message appearing moves nothing below it.
     */
    public static Label reserveLine(Label label) {
        label.managedProperty().unbind();
        label.setManaged(true);
        label.minHeightProperty().bind(Bindings.createDoubleBinding(() -> lineHeight(label.getFont()),
                label.fontProperty()));
        return label;
    }

    private static double lineHeight(Font font) {
        Text probe = new Text("Xg");
        probe.setFont(font);
        return Math.ceil(probe.getLayoutBounds().getHeight());
    }
}
