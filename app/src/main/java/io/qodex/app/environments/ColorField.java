package io.qodex.app.environments;

import java.util.Locale;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;

/**
 * The environment's colour as a colour picker (a swatch, its hex and a palette) that still stores the same hex value
 * ({@code #d64545}); while none is set, it shows the default grey and says so.
 */
final class ColorField extends HBox {

    private final ColorPicker picker = new ColorPicker();
    private final Label none = new Label("default (none set)");
    private boolean syncing;

    ColorField(StringProperty color) {
        super(8);
        setAlignment(Pos.CENTER_LEFT);
        picker.setId("env-color");
        picker.getStyleClass().add(ColorPicker.STYLE_CLASS_BUTTON);
        picker.setAccessibleText("Colour");
        none.setId("env-color-default");
        none.getStyleClass().add("text-muted");
        none.managedProperty().bind(none.visibleProperty());
        show(color.get());
        color.addListener((obs, old, now) -> show(now));
        picker.valueProperty().addListener((obs, old, now) -> {
            if (!syncing && now != null) {
                color.set(hex(now));
            }
        });
        getChildren().addAll(picker, none);
    }

    private void show(String value) {
        syncing = true;
        try {
            picker.setValue(parse(value));
            none.setVisible(value == null || value.isBlank());
        } finally {
            syncing = false;
        }
    }

    /** The stored text as a colour; what is not one (empty, mistyped in a file) shows the default grey. */
    static Color parse(String value) {
        try {
            return value == null || value.isBlank() ? Color.web(EnvironmentBadges.DEFAULT_COLOR) : Color.web(value.strip());
        } catch (IllegalArgumentException e) {
            return Color.web(EnvironmentBadges.DEFAULT_COLOR);
        }
    }

    /** {@code #rrggbb} in lower case, the format the environment stores. */
    static String hex(Color color) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(color.getRed() * 255),
                Math.round(color.getGreen() * 255), Math.round(color.getBlue() * 255));
    }
}
