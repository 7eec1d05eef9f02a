package io.qodex.app.environments;

import io.qodex.domain.environment.EnvironmentSummary;
import java.util.HashMap;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The colour swatch and the production mark that make production-like environments unmistakable. Production-like
 * is a pseudo-class ({@code :production}), not a style class: nodes that show one environment after another change
 * state only, which restyles them from the CSS cache instead of matching their styles afresh.
 */
public final class EnvironmentBadges {

    public static final String DEFAULT_COLOR = "#6e7781";
    public static final PseudoClass PRODUCTION = PseudoClass.getPseudoClass("production");
    /** Swatch backgrounds by colour (used on the FX thread only). */
    private static final Map<String, Background> FILLS = new HashMap<>();

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

    /**
     * Sets the swatch's colour. It is a background set in code, one per colour, not an inline style: a new inline
     * style has to be parsed and matched again on every switch, a background only needs repainting.
     */
    public static void paint(Region swatch, EnvironmentSummary environment) {
        Background fill = FILLS.computeIfAbsent(color(environment), EnvironmentBadges::fill);
        if (swatch.getBackground() != fill) {
            swatch.setBackground(fill);
        }
    }

    private static Background fill(String color) {
        Color paint;
        try {
            paint = Color.web(color);
        } catch (IllegalArgumentException e) {
            paint = Color.web(DEFAULT_COLOR);
        }
        return new Background(new BackgroundFill(paint, new CornerRadii(5), Insets.EMPTY));
    }

    /** Sets a mark label's text and red (production-like) or neutral style. */
    public static void paintMark(javafx.scene.control.Label mark, EnvironmentSummary environment) {
        String text = mark(environment);
        mark.setText(text);
        if (!mark.getStyleClass().contains("env-tag")) {
            mark.getStyleClass().add("env-tag");
        }
        markProduction(mark, environment);
        mark.setVisible(!text.isEmpty());
        mark.setManaged(!text.isEmpty());
    }

    /** Marks a node {@code :production} when the environment is production-like. */
    public static void markProduction(Node node, EnvironmentSummary environment) {
        node.pseudoClassStateChanged(PRODUCTION, environment.productionLike());
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
