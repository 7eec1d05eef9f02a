package io.qodex.app.shell;

import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.TextInputControl;
import org.jspecify.annotations.Nullable;

/** Where the keyboard focus may go in the window: the first field of a page, and what is on screen. */
final class Focus {

    private Focus() {
    }

    /** Whether {@code node} is {@code ancestor} or inside it. */
    static boolean within(@Nullable Node node, Node ancestor) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** Whether the node is in a scene, itself and every parent visible and enabled. */
    static boolean showing(Node node) {
        if (node.getScene() == null || node.isDisabled()) {
            return false;
        }
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** Focuses the node; a text field keeps its text unselected (a typed key must not replace it). */
    static void focus(Node node) {
        node.requestFocus();
        if (node instanceof TextInputControl input) {
            input.end();
        }
    }

    /** The first editable text field under {@code root} that is on screen, in the order a person reads. */
    static Optional<Node> firstField(Node root) {
        if (root instanceof TextInputControl input) {
            return input.isEditable() && showing(input) ? Optional.of(input) : Optional.empty();
        }
        if (root instanceof Parent parent && root.isVisible()) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                Optional<Node> found = firstField(child);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
