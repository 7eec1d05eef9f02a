package io.qodex.app.spend;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** One rolling window: used of cap, the bar, and when headroom returns. */
final class CapGauge extends VBox {

    private final ProgressBar bar = new ProgressBar(0);
    private final Label figures = new Label("…");
    private final Label when = new Label("");

    /** {@code code} names the gauge's nodes ({@code gauge-5h}, {@code gauge-5h-text}, {@code gauge-5h-when}). */
    CapGauge(String code, String name) {
        super(6);
        Label title = new Label(name + " cap (platform-funded)", Icons.of(Feather.CLOCK, 14));
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.setWrapText(true); // a narrow window wraps the title instead of pushing the page sideways
        figures.setWrapText(true);
        bar.setId("gauge-" + code);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setPrefHeight(12);
        figures.setId("gauge-" + code + "-text");
        when.setId("gauge-" + code + "-when");
        when.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        when.setWrapText(true);
        getChildren().addAll(title, bar, figures, when);
        getStyleClass().add("card");
        setMaxWidth(Double.MAX_VALUE);
    }

    void show(GaugeReading reading) {
        bar.setProgress(reading.filled());
        bar.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER);
        bar.getStyleClass().add(switch (reading.level()) {
            case FINE -> Styles.SUCCESS;
            case NEARLY_FULL -> Styles.WARNING;
            case EXHAUSTED -> Styles.DANGER;
        });
        figures.setText(reading.figures());
        when.setText(reading.when());
    }
}
