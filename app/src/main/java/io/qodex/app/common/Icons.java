package io.qodex.app.common;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Feather icons and icon buttons (every icon button has a tooltip). */
public final class Icons {

    private Icons() {
    }

    public static FontIcon of(Ikon ikon) {
        return new FontIcon(ikon);
    }

    public static FontIcon of(Ikon ikon, int size) {
        FontIcon icon = new FontIcon(ikon);
        icon.setIconSize(size);
        return icon;
    }

    public static Button button(Ikon ikon, String tooltip) {
        Button button = new Button(null, of(ikon));
        button.getStyleClass().addAll(atlantafx.base.theme.Styles.BUTTON_ICON, atlantafx.base.theme.Styles.FLAT);
        button.setTooltip(new Tooltip(tooltip));
        button.setAccessibleText(tooltip);
        button.setFocusTraversable(true);
        return button;
    }
}
