package io.qodex.app.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import javafx.application.Application;
import javafx.scene.Scene;

/** Light and dark AtlantaFX themes with the app's stylesheet layered on top. */
public enum Theme {
    LIGHT,
    DARK;

    private static final String APP_CSS = Theme.class.getResource("/io/qodex/app/ui/app.css").toExternalForm();

    public static Theme parse(String value) {
        return "dark".equals(value.strip().toLowerCase(Locale.ROOT)) ? DARK : LIGHT;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public void apply() {
        Application.setUserAgentStylesheet(this == DARK ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    public static void style(Scene scene) {
        if (!scene.getStylesheets().contains(APP_CSS)) {
            scene.getStylesheets().add(APP_CSS);
        }
    }

    public Theme other() {
        return this == DARK ? LIGHT : DARK;
    }
}
