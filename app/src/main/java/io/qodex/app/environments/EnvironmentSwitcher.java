package io.qodex.app.environments;

import atlantafx.base.theme.Styles;
import io.qodex.domain.environment.EnvironmentSummary;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The toolbar's segmented control of environments: one click makes one active. Shows the first few and the active
 * one; "All…" (Ctrl+E) opens the palette for the rest.
 */
public final class EnvironmentSwitcher extends HBox {

    private static final int SHOWN = 6;

    private final ActiveEnvironment model;
    private final Runnable openPalette;
    private final List<ToggleButton> buttons = new ArrayList<>();

    public EnvironmentSwitcher(ActiveEnvironment model, Runnable openPalette) {
        this.model = model;
        this.openPalette = openPalette;
        setId("environment-switcher");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(0);
        model.environments().addListener((ListChangeListener<EnvironmentSummary>) change -> rebuild());
        model.activeProperty().addListener((obs, old, now) -> {
            if (!matchesShown(now)) {
                rebuild();
            } else {
                select(now);
            }
        });
        rebuild();
    }

    private boolean matchesShown(EnvironmentSummary environment) {
        return environment == null || buttons.stream().anyMatch(b -> ((EnvironmentSummary) b.getUserData()).id() == environment.id());
    }

    private String shownSignature = "";

    private void rebuild() {
        List<EnvironmentSummary> all = model.environments();
        EnvironmentSummary activeNow = model.activeProperty().get();
        String signature = all.stream().map(e -> e.id() + ":" + e.name().value() + ":" + EnvironmentBadges.color(e) + ":"
                + e.productionLike() + ":" + e.constraints().describe()).reduce("", String::concat)
                + "|" + (activeNow == null || all.indexOf(activeNow) < SHOWN ? "" : activeNow.id());
        if (signature.equals(shownSignature) && !getChildren().isEmpty()) {
            select(activeNow);
            return;
        }
        shownSignature = signature;
        getChildren().clear();
        buttons.clear();
        if (all.isEmpty()) {
            Label none = new Label("No environments");
            none.getStyleClass().add(Styles.TEXT_MUTED);
            getChildren().add(none);
            setVisible(model.project().isPresent());
            return;
        }
        setVisible(true);
        List<EnvironmentSummary> shown = new ArrayList<>(all.subList(0, Math.min(SHOWN, all.size())));
        EnvironmentSummary active = model.activeProperty().get();
        if (active != null && shown.stream().noneMatch(e -> e.id() == active.id())) {
            shown.set(shown.size() - 1, active);
        }
        for (int i = 0; i < shown.size(); i++) {
            EnvironmentSummary environment = shown.get(i);
            ToggleButton button = new ToggleButton(environment.name().value(), EnvironmentBadges.swatch(environment));
            button.setId("env-switch-" + environment.id());
            button.setUserData(environment);
            button.setMnemonicParsing(false);
            button.getStyleClass().add(shown.size() == 1 ? "" : i == 0 ? Styles.LEFT_PILL
                    : i == shown.size() - 1 && all.size() <= SHOWN ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            if (environment.productionLike()) {
                button.getStyleClass().add("production");
            }
            int number = all.indexOf(environment) + 1;
            button.setTooltip(new Tooltip(environment.name().value() + " · " + environment.constraints().describe()
                    + (number <= 9 ? "  (Ctrl+" + number + ")" : "")));
            button.setOnAction(e -> {
                button.setSelected(true);
                model.choose(environment);
            });
            buttons.add(button);
            getChildren().add(button);
        }
        if (all.size() > SHOWN) {
            Button more = new Button("All " + all.size() + "…");
            more.setId("env-switch-more");
            more.getStyleClass().add(Styles.RIGHT_PILL);
            more.setTooltip(new Tooltip("Every environment, with a filter (Ctrl+E)"));
            more.setOnAction(e -> openPalette.run());
            getChildren().add(more);
        }
        select(active);
    }

    private void select(EnvironmentSummary active) {
        for (ToggleButton button : buttons) {
            button.setSelected(active != null && ((EnvironmentSummary) button.getUserData()).id() == active.id());
        }
    }
}
