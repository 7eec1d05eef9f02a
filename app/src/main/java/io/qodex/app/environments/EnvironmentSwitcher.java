package io.qodex.app.environments;

import io.qodex.app.common.ActiveEnvironment;
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
import javafx.scene.layout.Region;

/**
 * The toolbar's segmented control of environments: one click makes one active. Shows the first few; when the active
 * environment is further down the list it takes the last slot. "All…" (Ctrl+E) opens the palette for the rest.
 *
 * <p>Buttons are built when the list changes, never on a switch: a switch only toggles selection and, at most, refills
 * the last slot in place. Each button's id is {@code env-switch-<environment id>}, except the last slot's when there
 * are more environments than slots: it shows one environment after another and keeps the id {@code env-switch-last},
 * because a new id makes JavaFX match the button's styles afresh.
 */
public final class EnvironmentSwitcher extends HBox {

    private static final int SHOWN = 6;

    private final ActiveEnvironment model;
    private final Runnable openPalette;
    private final List<ToggleButton> buttons = new ArrayList<>();
    private String shownSignature = "";

    public EnvironmentSwitcher(ActiveEnvironment model, Runnable openPalette) {
        this.model = model;
        this.openPalette = openPalette;
        setId("environment-switcher");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(0);
        model.environments().addListener((ListChangeListener<EnvironmentSummary>) change -> rebuild());
        model.activeProperty().addListener((obs, old, now) -> show(now));
        rebuild();
    }

    private void rebuild() {
        List<EnvironmentSummary> all = model.environments();
        String signature = all.stream().map(e -> e.id() + ":" + e.name().value() + ":" + EnvironmentBadges.color(e) + ":"
                + e.productionLike() + ":" + e.constraints().describe()).reduce("", String::concat);
        if (signature.equals(shownSignature) && !getChildren().isEmpty()) {
            show(model.activeProperty().get());
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
        int count = Math.min(SHOWN, all.size());
        for (int i = 0; i < count; i++) {
            ToggleButton button = new ToggleButton();
            button.setMnemonicParsing(false);
            button.getStyleClass().add(count == 1 ? "" : i == 0 ? Styles.LEFT_PILL
                    : i == count - 1 && all.size() <= SHOWN ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            button.setOnAction(e -> {
                button.setSelected(true);
                model.choose((EnvironmentSummary) button.getUserData());
                show(model.activeProperty().get()); // a choice held (unsaved edits, Cancel) leaves the buttons as they were
            });
            button.setId(all.size() > SHOWN && i == SHOWN - 1 ? "env-switch-last" : "env-switch-" + all.get(i).id());
            fill(button, all.get(i), i + 1);
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
        show(model.activeProperty().get());
    }

    /** Selects the active environment's button, first putting it in the last slot if it is not among the first few. */
    private void show(EnvironmentSummary active) {
        List<EnvironmentSummary> all = model.environments();
        if (buttons.isEmpty()) {
            return;
        }
        if (all.size() > SHOWN) {
            int index = active == null ? -1 : indexOf(all, active);
            EnvironmentSummary last = index >= SHOWN - 1 ? all.get(index) : all.get(SHOWN - 1);
            ToggleButton slot = buttons.get(SHOWN - 1);
            if (((EnvironmentSummary) slot.getUserData()).id() != last.id()) {
                fill(slot, last, indexOf(all, last) + 1);
            }
        }
        for (ToggleButton button : buttons) {
            button.setSelected(active != null && ((EnvironmentSummary) button.getUserData()).id() == active.id());
        }
    }

    private static int indexOf(List<EnvironmentSummary> all, EnvironmentSummary environment) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id() == environment.id()) {
                return i;
            }
        }
        return -1;
    }

    /** Shows an environment on a button, reusing its swatch and tooltip (a refill restyles nothing). */
    private static void fill(ToggleButton button, EnvironmentSummary environment, int number) {
        button.setText(environment.name().value());
        Region swatch = button.getGraphic() instanceof Region made ? made : EnvironmentBadges.swatch();
        if (button.getGraphic() != swatch) {
            button.setGraphic(swatch);
        }
        EnvironmentBadges.paint(swatch, environment);
        button.setUserData(environment);
        EnvironmentBadges.markProduction(button, environment);
        String tip = environment.name().value() + " · " + environment.constraints().describe()
                + (number <= 9 ? "  (Ctrl+" + number + ")" : "");
        if (button.getTooltip() == null) {
            button.setTooltip(new Tooltip(tip));
        } else {
            button.getTooltip().setText(tip);
        }
    }
}
