package io.qodex.app.shell;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** Shown while the database starts and migrates; on failure says why and offers to retry or choose another database. */
public final class StartupView extends StackPane {

    private final Label status = new Label("Starting…");
    private final ProgressIndicator progress = new ProgressIndicator();
    private final VBox card;

    public StartupView() {
        setId("startup-view");
        getStyleClass().add("auth-backdrop");
        Label logo = new Label("Qodex Operator", Icons.of(Feather.HEXAGON, 22));
        logo.getStyleClass().add(Styles.TITLE_3);
        status.setId("startup-status");
        status.setWrapText(true);
        progress.setPrefSize(36, 36);
        card = new VBox(16, logo, progress, status);
        card.setAlignment(Pos.CENTER);
        card.getStyleClass().add("auth-card");
        card.setMaxWidth(460);
        card.setMaxHeight(VBox.USE_PREF_SIZE);
        getChildren().add(card);
    }

    public void step(String message) {
        status.setText(message + "…");
    }

    public void failed(String message, Runnable retry, Runnable changeDatabase) {
        progress.setVisible(false);
        progress.setManaged(false);
        status.setText(message);
        status.getStyleClass().add("field-error");
        Button again = new Button("Retry", Icons.of(Feather.REFRESH_CW));
        again.setId("startup-retry");
        again.setDefaultButton(true);
        again.setOnAction(e -> retry.run());
        Button change = new Button("Choose another database", Icons.of(Feather.DATABASE));
        change.setId("startup-change-database");
        change.setOnAction(e -> changeDatabase.run());
        HBox actions = new HBox(10, again, change);
        actions.setAlignment(Pos.CENTER);
        card.getChildren().add(actions);
    }
}
