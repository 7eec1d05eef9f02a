package io.qodex.app.scenarios;

import io.qodex.app.common.Icons;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/**
 * How an outcome looks wherever it is shown (a step's, a scenario's last run): an icon and a colour per outcome
 * ({@code outcome-passed}, {@code outcome-failed}…, see app.css), so that passed and failed differ by more than colour.
 */
public final class Outcomes {

    private static final List<String> CLASSES = List.of("outcome-passed", "outcome-failed", "outcome-refused",
            "outcome-error", "outcome-skipped", "outcome-cancelled", "outcome-running");

    private Outcomes() {
    }

    public static Ikon icon(String outcome) {
        return switch (outcome) {
            case "PASSED" -> Feather.CHECK_CIRCLE;
            case "FAILED" -> Feather.X_CIRCLE;
            case "REFUSED" -> Feather.SLASH;
            case "ERROR" -> Feather.ALERT_TRIANGLE;
            case "SKIPPED" -> Feather.SKIP_FORWARD;
            case "CANCELLED" -> Feather.STOP_CIRCLE;
            case "RUNNING" -> Feather.LOADER;
            default -> Feather.CIRCLE;
        };
    }

    public static String styleClass(String outcome) {
        return "outcome-" + outcome.toLowerCase(Locale.ROOT);
    }

    /** Shows {@code outcome} in {@code label}: its icon, its colour, its name in words ("passed"). */
    public static void paint(Label label, String outcome, String text) {
        label.getStyleClass().removeAll(CLASSES);
        if (outcome.isEmpty()) {
            label.setGraphic(null);
            label.setText(text);
            return;
        }
        label.getStyleClass().add(styleClass(outcome));
        label.setGraphic(Icons.of(icon(outcome), 14));
        label.setText(text);
    }

    public static String word(String outcome) {
        return outcome.toLowerCase(Locale.ROOT);
    }
}
