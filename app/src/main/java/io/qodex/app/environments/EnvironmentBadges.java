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

    /** A mark label styled red for production-like environments, neutral otherwise. */
    public static javafx.scene.control.Label markLabel(EnvironmentSummary environment) {
        javafx.scene.control.Label mark = new javafx.scene.control.Label(mark(environment));
        mark.getStyleClass().add(environment.productionLike() ? "env-mark" : "env-tag");
        mark.setVisible(!mark.getText().isEmpty());
        mark.setManaged(mark.isVisible());
        return mark;
    }

    /** Read-only or writable, and the rate: what matters at a glance. */
    public static String shortConstraints(EnvironmentSummary environment) {
        return (environment.constraints().readOnly() ? "read-only" : "writable") + " · "
                + environment.constraints().maxRequestsPerSecond() + " rps";
    }

    /** "PROD" (or the environment's own label) for production-like ones; else the label if any. */
    public static String mark(EnvironmentSummary environment) {
        return environment.appearance().label().orElse(environment.productionLike() ? "PROD" : "");
    }
}
