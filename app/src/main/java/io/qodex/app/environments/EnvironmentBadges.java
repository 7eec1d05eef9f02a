package io.qodex.app.environments;

import io.qodex.domain.environment.EnvironmentSummary;
import javafx.scene.layout.Region;

/** The colour swatch and the production mark that make production-like environments unmistakable. */
public final class EnvironmentBadges {

    public static final String DEFAULT_COLOR = "#6e7781";

    private EnvironmentBadges() {
    }

    public static String color(EnvironmentSummary environment) {
        return environment.appearance().color().orElse(environment.productionLike() ? "#cf222e" : DEFAULT_COLOR);
    }

    public static Region swatch(EnvironmentSummary environment) {
        Region swatch = new Region();
        swatch.getStyleClass().add("env-swatch");
        swatch.setStyle("-fx-background-color: " + color(environment) + ";");
        return swatch;
    }

    /** "PROD" (or the environment's own label) for production-like ones; else the label if any. */
    public static String mark(EnvironmentSummary environment) {
        return environment.appearance().label().orElse(environment.productionLike() ? "PROD" : "");
    }
}
