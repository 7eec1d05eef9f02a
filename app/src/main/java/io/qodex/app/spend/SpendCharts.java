package io.qodex.app.spend;

import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The cost per day, and under it the breakdowns by source, user and model (organization-wide: by project too). */
final class SpendCharts extends VBox {

    private final BreakdownChart bySource = new BreakdownChart("spend-chart-source", "By source");
    private final BreakdownChart byUser = new BreakdownChart("spend-chart-user", "By user");
    private final BreakdownChart byModel = new BreakdownChart("spend-chart-model", "By model");
    private final BreakdownChart byProject = new BreakdownChart("spend-chart-project", "By project");

    SpendCharts(SpendViewModel model) {
        super(14);
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(14);
        grid.add(bySource, 0, 0);
        grid.add(byUser, 1, 0);
        grid.add(byModel, 2, 0);
        byProject.visibleProperty().bind(model.organizationProperty());
        byProject.managedProperty().bind(byProject.visibleProperty());
        grid.add(byProject, 0, 1, 3, 1);
        for (BreakdownChart chart : new BreakdownChart[] {bySource, byUser, byModel}) {
            chart.setMinWidth(150); // a narrow window narrows the three charts instead of pushing the page sideways
        }
        for (int i = 0; i < 3; i++) {
            ColumnConstraints column = new ColumnConstraints();
            column.setPercentWidth(100 / 3.0);
            column.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(column);
        }
        getChildren().addAll(new DailyCostChart(model), grid);
        model.overviewProperty().addListener((obs, old, now) -> {
            if (now != null) {
                show(now);
            }
        });
    }

    private void show(SpendViewModel.Overview overview) {
        bySource.show(BreakdownBars.of(overview.bySource()));
        byUser.show(BreakdownBars.of(overview.byUser()));
        byModel.show(BreakdownBars.of(overview.byModel()));
        byProject.show(BreakdownBars.of(overview.byProject()));
    }
}
