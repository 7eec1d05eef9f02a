package io.qodex.app.spend;

import atlantafx.base.theme.Styles;
import io.qodex.domain.spend.Dimension;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The cost per UTC day as stacked bars, stacked by model or funding (organization-wide: by project too). */
final class DailyCostChart extends VBox {

    private final StackedBarChart<String, Number> chart;

    DailyCostChart(SpendViewModel model) {
        super(6);
        CategoryAxis days = new CategoryAxis();
        NumberAxis usd = new NumberAxis();
        usd.setLabel("USD");
        usd.setTickLabelFormatter(new NumberAxis.DefaultFormatter(usd, "$", null));
        chart = new StackedBarChart<>(days, usd);
        chart.setId("spend-chart-daily");
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.setCategoryGap(4);
        chart.setMinHeight(280);
        chart.setPrefHeight(300);

        ComboBox<Dimension> stack = new ComboBox<>(model.stackChoices());
        stack.setId("spend-stack-by");
        stack.setConverter(ChoiceLabels.converter(d -> d == null ? "" : "by " + d.code()));
        stack.valueProperty().bindBidirectional(model.stackByProperty());
        Label title = new Label("Cost per day (UTC)");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(8, title, gap, new Label("Stacked"), stack);
        head.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(head, chart);
        getStyleClass().add("card");
        model.overviewProperty().addListener((obs, old, now) -> {
            if (now != null) {
                show(DailyStacks.of(now.series()));
            }
        });
    }

    private void show(DailyStacks stacks) {
        List<XYChart.Series<String, Number>> shown = new ArrayList<>();
        for (DailyStacks.Stack stack : stacks.stacks()) {
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            series.setName(stack.name());
            for (DailyStacks.Point point : stack.points()) {
                XYChart.Data<String, Number> bar = new XYChart.Data<>(point.day(), point.usd());
                ChartTooltips.install(bar, point.tooltip());
                series.getData().add(bar);
            }
            shown.add(series);
        }
        ((CategoryAxis) chart.getXAxis()).setCategories(FXCollections.observableArrayList(stacks.days()));
        chart.getData().setAll(shown);
        chart.setTitle(stacks.empty() ? "No LLM calls in this range" : null);
    }
}
