package io.qodex.app.shell;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Theme;
import io.qodex.app.environments.EnvironmentBadges;
import io.qodex.domain.live.FeedState;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;

/**
 * Signed-in user, database mode and connection state, the active environment, and the window's buttons (theme,
 * settings, sign out). The route is in the route bar only. At 1024 px every label shows its whole text; only the
 * database's address may be shortened (its tooltip has it whole).
 */
final class StatusBar extends HBox {

    StatusBar(MainViewModel model, Runnable toggleTheme, Runnable openSettings, Runnable signOut) {
        getStyleClass().add("status-bar");
        Label user = new Label(model.userLabel(), Icons.of(Feather.USER, 12));
        user.setMinWidth(Label.USE_PREF_SIZE);
        user.setId("status-user");
        Region dot = new Region();
        dot.getStyleClass().addAll("status-dot", "offline");
        Label database = new Label(model.databaseLabel());
        database.setMinWidth(Label.USE_PREF_SIZE);
        database.setId("status-database");
        database.setTooltip(new Tooltip(model.databaseLabel()));
        Label connection = new Label("connecting…");
        connection.setMinWidth(Label.USE_PREF_SIZE);
        connection.setId("status-connection");
        connection.getStyleClass().add(Styles.TEXT_MUTED);
        HBox databaseBox = new HBox(6, dot, database, connection);
        databaseBox.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        model.transportWarning().ifPresent(warning -> databaseBox.getChildren().add(transportWarning(warning)));
        model.feedStateProperty().addListener((obs, old, state) -> {
            dot.getStyleClass().removeAll("connected", "reconnecting", "offline");
            if (state instanceof FeedState.Connected) {
                dot.getStyleClass().add("connected");
                connection.setText("connected");
            } else if (state instanceof FeedState.Reconnecting reconnecting) {
                dot.getStyleClass().add("reconnecting");
                connection.setText("reconnecting (attempt " + reconnecting.attempt() + ", next in "
                        + reconnecting.retryInSeconds() + " s)");
            } else {
                dot.getStyleClass().add("offline");
                connection.setText("offline");
            }
        });
        Label environment = new Label();
        environment.setId("status-environment");
        environment.getStyleClass().add("env-badge");
        environment.setMinWidth(Label.USE_PREF_SIZE);
        Region environmentSwatch = EnvironmentBadges.swatch();
        Tooltip environmentTip = new Tooltip();
        environment.setTooltip(environmentTip);
        environment.setGraphic(environmentSwatch);
        Runnable showEnvironment = () -> {
            var active = model.environments().activeProperty().get();
            environment.setVisible(active != null);
            environment.setManaged(active != null);
            if (active != null) {
                String mark = EnvironmentBadges.mark(active);
                boolean sameAsName = mark.equalsIgnoreCase(active.name().value());
                environment.setText(active.name().value() + (mark.isEmpty() || sameAsName ? "" : " · " + mark) + " · "
                        + EnvironmentBadges.shortConstraints(active));
                environmentTip.setText(active.constraints().describe());
                EnvironmentBadges.paint(environmentSwatch, active);
                EnvironmentBadges.markProduction(environment, active);
            }
        };
        model.environments().activeProperty().addListener((obs, old, now) -> showEnvironment.run());
        showEnvironment.run();
        Label environmentSeparator = separator(); // only between two things: none after the last one
        environmentSeparator.visibleProperty().bind(environment.visibleProperty());
        environmentSeparator.managedProperty().bind(environment.managedProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button theme = Icons.button(Feather.SUN, "Light theme: switch to the dark one");
        theme.setId("toggle-theme");
        theme.setOnAction(e -> toggleTheme.run());
        Runnable showTheme = () -> { // the button shows the theme in use: a sun while light, a moon while dark
            boolean dark = model.themeProperty().get() == Theme.DARK;
            theme.setGraphic(Icons.of(dark ? Feather.MOON : Feather.SUN));
            String tip = dark ? "Dark theme: switch to the light one" : "Light theme: switch to the dark one";
            theme.getTooltip().setText(tip);
            theme.setAccessibleText(tip);
        };
        model.themeProperty().addListener((obs, old, now) -> showTheme.run());
        showTheme.run();
        Button settings = Icons.button(Feather.SLIDERS, "Application settings (database, theme, browser)");
        settings.setId("app-settings");
        settings.setOnAction(e -> openSettings.run());
        Button signOutButton = Icons.button(Feather.LOG_OUT, "Sign out");
        signOutButton.setId("sign-out");
        signOutButton.setOnAction(e -> signOut.run());
        getChildren().addAll(user, separator(), databaseBox, environmentSeparator, environment, gap, theme, settings,
                signOutButton);
        Runnable fit = () -> fitDatabase(database, model.databaseLabel());
        widthProperty().addListener((obs, old, now) -> fit.run());
        connection.textProperty().addListener((obs, old, now) -> fit.run());
        environment.textProperty().addListener((obs, old, now) -> fit.run());
    }

    /**
     * The database's whole description while the bar has room for it, else only its kind ("shared database"): a
     * label cut in the middle ("con…") says nothing. The tooltip has it whole.
     */
    private void fitDatabase(Label database, String full) {
        int open = full.indexOf(" (");
        String brief = open > 0 ? full.substring(0, open) : full;
        database.setText(full);
        if (getWidth() > 0 && prefWidth(-1) > getWidth()) {
            database.setText(brief);
        }
    }

    /** The opt-out from a verified database connection, visible for as long as it is active. */
    static Label transportWarning(String warning) {
        Label label = new Label("connection not verified", Icons.of(Feather.ALERT_TRIANGLE, 12));
        label.setId("status-transport-warning");
        label.getStyleClass().addAll(Styles.WARNING, "transport-warning");
        label.setMinWidth(Label.USE_PREF_SIZE);
        Tooltip tip = new Tooltip(Character.toUpperCase(warning.charAt(0)) + warning.substring(1)
                + ". Anyone on the network path may read or change what Qodex exchanges with the server. "
                + "Remove the opt-out to require a verified TLS connection.");
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        label.setTooltip(tip);
        return label;
    }

    private static Label separator() {
        Label separator = new Label("·");
        separator.getStyleClass().add(Styles.TEXT_MUTED);
        return separator;
    }
}
