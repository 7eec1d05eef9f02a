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
        Region swatch = swatch();
        paint(swatch, environment);
        return swatch;
    }

    /** An empty swatch, to be painted (and repainted) with {@link #paint}. */
    public static Region swatch() {
        Region swatch = new Region();
        swatch.getStyleClass().add("env-swatch");
        return swatch;
    }

    /** Sets the swatch's colour; an unchanged colour costs nothing. */
    public static void paint(Region swatch, EnvironmentSummary environment) {
        String style = "-fx-background-color: " + color(environment) + ";";
        if (!style.equals(swatch.getStyle())) {
            swatch.setStyle(style);
        }
    }

    /** Sets a mark label's text and red (production-like) or neutral style. */
    public static void paintMark(javafx.scene.control.Label mark, EnvironmentSummary environment) {
        String text = mark(environment);
        mark.setText(text);
        String style = environment.productionLike() ? "env-mark" : "env-tag";
        if (!mark.getStyleClass().contains(style)) {
            mark.getStyleClass().removeAll("env-mark", "env-tag");
            mark.getStyleClass().add(style);
        }
        mark.setVisible(!text.isEmpty());
        mark.setManaged(!text.isEmpty());
    }

    /** A mark label styled red for production-like environments, neutral otherwise. */
    public static javafx.scene.control.Label markLabel(EnvironmentSummary environment) {
        javafx.scene.control.Label mark = new javafx.scene.control.Label();
        paintMark(mark, environment);
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
