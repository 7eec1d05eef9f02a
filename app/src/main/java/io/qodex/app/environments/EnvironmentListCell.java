package io.qodex.app.environments;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.ActiveEnvironment;
import io.qodex.domain.environment.EnvironmentSummary;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One environment in the list: swatch, name, production mark, the active one marked. The nodes are made once per
 * cell and only their texts change, so switching environments styles nothing new.
 */
final class EnvironmentListCell extends ListCell<EnvironmentSummary> {

    private final ActiveEnvironment environments;
    private final Region swatch = EnvironmentBadges.swatch();
    private final Label name = new Label();
    private final Label preset = new Label();
    private final Label mark = new Label();
    private final Label activeLabel = new Label("active");
    private final HBox row;
    private final ChangeListener<EnvironmentSummary> activeListener = (obs, old, now) -> showActive();

    EnvironmentListCell(ActiveEnvironment environments) {
        this.environments = environments;
        name.getStyleClass().add(Styles.TEXT_BOLD);
        preset.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        activeLabel.getStyleClass().addAll(Styles.SUCCESS, Styles.TEXT_SMALL);
        VBox text = new VBox(1, name, preset);
        HBox.setHgrow(text, Priority.ALWAYS);
        row = new HBox(8, swatch, text, mark, activeLabel);
        row.setAlignment(Pos.CENTER_LEFT);
        environments.activeProperty().addListener(new WeakChangeListener<>(activeListener));
    }

    @Override
    protected void updateItem(EnvironmentSummary environment, boolean empty) {
        super.updateItem(environment, empty);
        setText(null);
        if (empty || environment == null) {
            setGraphic(null);
            return;
        }
        EnvironmentBadges.paint(swatch, environment);
        name.setText(environment.name().value());
        preset.setText(environment.preset().label());
        EnvironmentBadges.paintMark(mark, environment);
        showActive();
        setGraphic(row);
    }

    private void showActive() {
        EnvironmentSummary item = getItem();
        activeLabel.setVisible(item != null && environments.active().map(a -> a.id() == item.id()).orElse(false));
    }
}
