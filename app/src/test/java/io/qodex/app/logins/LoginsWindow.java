package io.qodex.app.logins;

import io.qodex.app.testing.FxApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.ListView;

/** What LoginsFlowIT reads of the whole window, and its files: every text shown, a screenshot on request. */
final class LoginsWindow {

    private LoginsWindow() {
    }

    /** Every text the window shows (labels, fields, lists, table cells, tooltips). */
    static String text(FxApp app) throws Exception {
        return app.onFx(() -> {
            StringBuilder all = new StringBuilder();
            collect(app.scene().getRoot(), all);
            return all.toString();
        });
    }

    private static void collect(Node node, StringBuilder all) {
        if (node instanceof javafx.scene.control.Labeled labeled) {
            all.append(labeled.getText()).append('\n');
        } else if (node instanceof javafx.scene.control.TextInputControl input) {
            all.append(input.getText()).append('\n');
        } else if (node instanceof ListView<?> list) {
            list.getItems().forEach(item -> all.append(item).append('\n'));
        } else if (node instanceof ComboBox<?> combo) {
            all.append(combo.getValue()).append('\n');
        }
        if (node instanceof javafx.scene.Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, all));
        }
        if (node instanceof Control control && control.getTooltip() != null) {
            all.append(control.getTooltip().getText()).append('\n');
        }
    }

    /** With -Dlogins.screenshot=/tmp/x.png: what the window shows now, for a person to look at. */
    static void screenshotIfAsked(FxApp app) throws Exception {
        String file = System.getProperty("logins.screenshot");
        if (file == null || file.isBlank()) {
            return;
        }
        javafx.scene.image.WritableImage image = app.onFx(() -> app.scene().snapshot(null));
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png", Path.of(file).toFile());
    }

    static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
