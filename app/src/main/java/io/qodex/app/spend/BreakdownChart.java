package io.qodex.app.spend;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.VBox;

/** One breakdown (by source, user, model or project) as horizontal bars on a card, the largest on top. */
final class BreakdownChart extends VBox {

    private final BarChart<Number, String> chart;

    BreakdownChart(String id, String title) {
        NumberAxis usd = new NumberAxis();
        usd.setTickLabelFormatter(new NumberAxis.DefaultFormatter(usd, "$", null));
        usd.setForceZeroInRange(true);
        CategoryAxis names = new CategoryAxis();
        chart = new BarChart<>(usd, names);
        chart.setId(id);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setCategoryGap(6);
        chart.setMinHeight(220);
        chart.setPrefHeight(240);
        getChildren().add(chart);
        getStyleClass().add("card");
        setPadding(new Insets(8));
    }

    void show(BreakdownBars bars) {
        XYChart.Series<Number, String> series = new XYChart.Series<>();
        for (BreakdownBars.Bar bar : bars.bottomUp()) {
            XYChart.Data<Number, String> data = new XYChart.Data<>(bar.usd(), bar.name());
            ChartTooltips.install(data, bar.tooltip());
            series.getData().add(data);
        }
        // bars of a readable thickness however many there are (one bar would otherwise fill the whole chart)
        chart.setCategoryGap(Math.max(6, 170.0 / Math.max(1, bars.bottomUp().size()) - 26));
        // the axis takes its categories from the data (set explicitly, this axis drops its tick labels)
        chart.getData().setAll(List.of(series));
    }
}
