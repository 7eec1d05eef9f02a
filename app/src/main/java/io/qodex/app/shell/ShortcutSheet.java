package io.qodex.app.shell;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The keyboard-shortcut sheet (F1 or Ctrl+/): every key the window answers, by where it works. The window's own
 * accelerators are listed from {@link #WINDOW}, the same list {@link MainView} registers them from, so the sheet
 * cannot forget one.
 */
final class ShortcutSheet {

    /** One key and what it does. */
    record Shortcut(String keys, String what) {
    }

    /** A group of shortcuts that work in one place. */
    record Group(String title, List<Shortcut> shortcuts) {
    }

    /** Keys handled by pages and dialogs rather than the window. */
    static final List<Group> PAGES = List.of(
            new Group("Scenarios", List.of(
                    new Shortcut("Ctrl+Enter", "Run the selected scenarios against the active environment"),
                    new Shortcut("Delete", "Delete the selected scenario (asks first)"))),
            new Group("Assistant", List.of(
                    new Shortcut("Enter", "Send the question"),
                    new Shortcut("Shift+Enter", "A new line in the question"),
                    new Shortcut("Esc", "Stop the answer; what arrived is kept"))),
            new Group("Lists, palettes and dialogs", List.of(
                    new Shortcut("↑ ↓", "Move through the results"),
                    new Shortcut("Enter", "Open or confirm the chosen one"),
                    new Shortcut("Esc", "Close without choosing"))));

    private static final double KEYS_WIDTH = 110;

    private ShortcutSheet() {
    }

    static void show(Node owner, List<Shortcut> window) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle("Keyboard shortcuts");
        dialog.setHeaderText("Keyboard shortcuts");
        dialog.getDialogPane().setId("shortcut-sheet");
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        VBox groups = new VBox(16, group(new Group("Anywhere in the window", window)));
        PAGES.forEach(page -> groups.getChildren().add(group(page)));
        ScrollPane scroll = new ScrollPane(groups);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(640);
        scroll.setPrefViewportWidth(560);
        dialog.getDialogPane().setContent(scroll);
        dialog.setResizable(true);
        dialog.show();
    }

    /** How a key combination reads on the sheet and in tooltips: "Ctrl+K" (on a Mac, "⌘K"). */
    static String label(KeyCombination keys) {
        return keys.getDisplayText();
    }

    private static Node group(Group group) {
        Label title = new Label(group.title());
        title.getStyleClass().add(Styles.TITLE_4);
        GridPane grid = new GridPane();
        grid.setHgap(18);
        grid.setVgap(6);
        for (int row = 0; row < group.shortcuts().size(); row++) {
            Shortcut shortcut = group.shortcuts().get(row);
            Label keys = new Label(shortcut.keys());
            keys.getStyleClass().add("shortcut-keys");
            keys.setMinWidth(KEYS_WIDTH); // one column for the keys in every group: the descriptions line up
            Label what = new Label(shortcut.what());
            what.setWrapText(true);
            grid.addRow(row, keys, what);
        }
        return new VBox(8, title, grid);
    }
}
