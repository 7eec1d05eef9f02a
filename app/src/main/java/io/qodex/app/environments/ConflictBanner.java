package io.qodex.app.environments;

import io.qodex.app.common.Icons;
import io.qodex.domain.environment.EditConflict;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.kordamp.ikonli.feather.Feather;

/** Shown when a save met someone else's: who changed what, "Reload theirs" and "Keep editing mine". */
final class ConflictBanner extends HBox {

    private final Label text = new Label();
    private final Button keep = new Button("Keep editing mine");

    ConflictBanner(EnvironmentsViewModel model) {
        super(10);
        text.setId("env-conflict");
        text.setWrapText(true);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        Button reload = new Button("Reload theirs");
        reload.setId("env-conflict-reload");
        reload.setOnAction(e -> model.reloadAfterConflict());
        keep.setId("env-conflict-keep");
        keep.setOnAction(e -> model.keepEditing());
        getChildren().addAll(Icons.of(Feather.ALERT_TRIANGLE), text, reload, keep);
        getStyleClass().add("banner");
        setAlignment(Pos.CENTER_LEFT);
        model.conflictProperty().addListener((obs, old, now) -> show(now));
        show(model.conflictProperty().get());
    }

    private void show(@org.jspecify.annotations.Nullable EditConflict conflict) {
        setVisible(conflict != null);
        setManaged(conflict != null);
        text.setText(conflict == null ? "" : conflict.message());
        keep.setVisible(conflict != null && conflict.current().isPresent());
    }
}
