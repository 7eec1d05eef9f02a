package io.qodex.app.shell;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Tasks;
import io.qodex.app.common.Theme;
import io.qodex.app.runtime.config.AppConfig;
import io.qodex.app.firstrun.FirstRunView;
import io.qodex.app.firstrun.FirstRunViewModel;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Application settings: theme, the database (applies at the next start), the browser for the login recorder. */
final class AppSettingsDialog {

    private AppSettingsDialog() {
    }

    static void show(Node owner, AppConfig config, Theme current, Consumer<Theme> themeChosen) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle("Application settings");
        dialog.setHeaderText("Application settings: for this computer, every project and account");
        dialog.getDialogPane().setId("app-settings-dialog");
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);

        ToggleGroup themes = new ToggleGroup();
        RadioButton light = new RadioButton("Light");
        light.setId("theme-light");
        RadioButton dark = new RadioButton("Dark");
        dark.setId("theme-dark");
        light.setToggleGroup(themes);
        dark.setToggleGroup(themes);
        (current == Theme.DARK ? dark : light).setSelected(true);
        themes.selectedToggleProperty().addListener((obs, old, now) -> {
            Theme chosen = now == dark ? Theme.DARK : Theme.LIGHT;
            themeChosen.accept(chosen);
            Tasks.run(() -> config.set("ui.theme", chosen.code())).start();
        });

        TextField browser = new TextField(config.browserPath().orElse(""));
        browser.setId("settings-browser");
        browser.setPromptText("auto-detected (/usr/bin/chromium, google-chrome, …)");
        browser.focusedProperty().addListener((obs, was, now) -> {
            if (!now) {
                String path = browser.getText().strip();
                Tasks.run(() -> config.set("browser.path", path)).start();
            }
        });

        Label databaseNote = new Label("Where the data lives. A change applies the next time Qodex starts.");
        databaseNote.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Label saved = new Label();
        saved.setId("settings-database-saved");
        saved.getStyleClass().add("field-ok");
        FirstRunView database = new FirstRunView(new FirstRunViewModel(config.database(), config::databaseTls), choice ->
                Tasks.run(() -> config.chooseDatabase(choice)).onSuccess(done -> saved.setText(
                        "Saved: " + choice.label() + " database from the next start.")).start(), false);

        VBox content = new VBox(14, heading("Theme"), new HBox(16, light, dark),
                heading("Browser for the login recorder"), browser,
                heading("Database"), databaseNote, database, saved);
        content.setPrefWidth(640);
        dialog.getDialogPane().setContent(content);
        dialog.show();
    }

    private static Label heading(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }
}
