package io.qodex.app.spend;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.FileDialogs;
import io.qodex.app.common.Icons;
import io.qodex.app.organization.OrganizationDialog;
import io.qodex.app.runtime.Workspace;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;

/** The spend page's toolbar: scope (org admins) and range; on the right the organization's settings, refresh, export. */
final class SpendToolbar extends FlowPane {

    SpendToolbar(SpendViewModel model, Workspace workspace) {
        super(8, 8);
        setAlignment(Pos.CENTER_LEFT);
        if (model.orgAdmin()) {
            getChildren().add(scope(model));
        }
        ComboBox<SpendViewModel.Range> range = new ComboBox<>();
        range.setId("spend-range");
        range.getItems().setAll(SpendViewModel.Range.values());
        range.setConverter(ChoiceLabels.converter(SpendViewModel.Range::label));
        range.valueProperty().bindBidirectional(model.rangeProperty());
        range.setTooltip(new Tooltip("Time range (whole UTC days, today included)"));

        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.loadingProperty());
        Button refresh = Icons.button(Feather.REFRESH_CW, "Refresh (F5)");
        refresh.setId("spend-refresh");
        refresh.setOnAction(e -> model.reload());
        Button export = new Button("Export CSV", Icons.of(Feather.DOWNLOAD));
        export.setId("spend-export");
        export.setTooltip(new Tooltip("Every call that matches the filters, as CSV (not only the page shown)"));
        export.disableProperty().bind(model.exportingProperty());
        export.setOnAction(e -> FileDialogs.saveAs(getScene().getWindow(), "Export calls", model.exportName(),
                "CSV", "*.csv").ifPresent(model::exportCsv));
        range.setMinWidth(Region.USE_PREF_SIZE);
        export.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().add(range);
        if (model.orgAdmin()) {
            Button organization = new Button("Platform key & prices", Icons.of(Feather.BRIEFCASE));
            organization.setId("spend-organization");
            organization.setTooltip(new Tooltip("The organization's platform key and LLM price table (org admins)"));
            organization.setMinWidth(Region.USE_PREF_SIZE);
            organization.setOnAction(e -> OrganizationDialog.show(organization, workspace));
            getChildren().add(organization);
        }
        getChildren().addAll(busy, refresh, export);
    }

    /** This project or the whole organization: one of the two is always chosen. */
    private static HBox scope(SpendViewModel model) {
        ToggleGroup scope = new ToggleGroup();
        ToggleButton projectScope = new ToggleButton("This project");
        projectScope.setId("spend-scope-project");
        projectScope.setToggleGroup(scope);
        projectScope.setSelected(true);
        projectScope.getStyleClass().add(Styles.LEFT_PILL);
        ToggleButton orgScope = new ToggleButton("Organization");
        orgScope.setId("spend-scope-org");
        orgScope.setToggleGroup(scope);
        orgScope.getStyleClass().add(Styles.RIGHT_PILL);
        orgScope.setTooltip(new Tooltip("Every project of the organization, broken down per project (org admins)"));
        scope.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                model.organizationProperty().set(now == orgScope);
            }
        });
        projectScope.setMinWidth(Region.USE_PREF_SIZE);
        orgScope.setMinWidth(Region.USE_PREF_SIZE);
        return new HBox(projectScope, orgScope);
    }
}
