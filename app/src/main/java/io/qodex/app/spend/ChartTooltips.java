package io.qodex.app.spend;

import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;

/** Tooltips on chart bars, installed once the chart has made the bar's node. */
final class ChartTooltips {

    private ChartTooltips() {
    }

    static <X, Y> void install(XYChart.Data<X, Y> point, String text) {
        point.nodeProperty().addListener((obs, old, node) -> {
            if (node != null) {
                Tooltip.install(node, new Tooltip(text));
            }
        });
    }
}
