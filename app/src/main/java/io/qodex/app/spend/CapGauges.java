package io.qodex.app.spend;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import io.qodex.app.organization.CapsDialog;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.llm.CapReport;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The project's two rolling caps on platform-funded spend, with the button that changes them (org admins);
 * organization-wide, a note that caps are per project instead.
 */
final class CapGauges extends VBox {

    private final HBox gauges = new HBox(14);
    private final CapGauge fiveHour = new CapGauge("5h", "5-hour window");
    private final CapGauge weekly = new CapGauge("7d", "7-day window");
    private final Label orgNote = new Label("Caps are per project: open a project's spend to see its 5-hour "
            + "and 7-day gauges.");

    CapGauges(SpendViewModel model, Workspace workspace) {
        super(8);
        orgNote.getStyleClass().add(Styles.TEXT_MUTED);
        orgNote.setVisible(false);
        orgNote.setManaged(false);
        HBox.setHgrow(fiveHour, Priority.ALWAYS);
        HBox.setHgrow(weekly, Priority.ALWAYS);
        gauges.getChildren().setAll(fiveHour, weekly);
        if (model.orgAdmin()) {
            Button edit = Icons.button(Feather.EDIT_2, "Change this project's caps (organization admins)");
            edit.setId("spend-edit-caps");
            edit.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            edit.setOnAction(e -> model.shownCaps().ifPresent(caps -> CapsDialog.show(edit, workspace, model.project(),
                    caps, model::reload)));
            gauges.getChildren().add(edit);
        }
        getChildren().addAll(gauges, orgNote);
        model.overviewProperty().addListener((obs, old, now) -> {
            if (now != null) {
                show(now);
            }
        });
    }

    private void show(SpendViewModel.Overview overview) {
        boolean org = overview.organizationWide();
        gauges.setVisible(!org);
        gauges.setManaged(!org);
        orgNote.setVisible(org);
        orgNote.setManaged(org);
        overview.caps().ifPresent(this::show);
    }

    private void show(CapReport report) {
        fiveHour.show(GaugeReading.of(report.fiveHour()));
        weekly.show(GaugeReading.of(report.weekly()));
    }
}
