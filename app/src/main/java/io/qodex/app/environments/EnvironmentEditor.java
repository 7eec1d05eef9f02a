package io.qodex.app.environments;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Notices;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentSummary;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;

/**
 * The editor of the environment shown: its name and marks, Save / Revert / more, the conflict banner, the message
 * line and the four tabs. Built once; showing another environment changes texts and states only (no new nodes, no
 * CSS pass over a new tree), which keeps a switch within a frame (docs/benchmarks.md).
 */
final class EnvironmentEditor extends VBox {

    private final EnvironmentsViewModel model;
    private final Label title = new Label();
    private final Region titleSwatch = EnvironmentBadges.swatch();
    private final Label titleMark = new Label();
    private final Label constraints = new Label();
    private final TabPane tabs;

    EnvironmentEditor(EnvironmentsViewModel model) {
        super(12);
        this.model = model;
        tabs = new TabPane(
                new Tab("General", scroll(new EnvironmentForm(model.form(), model.canEdit()))),
                builtWhenShown("Variables", () -> new VariablesEditor(model.variables(), model.canEdit())),
                builtWhenShown("Auth profiles", () -> new AuthProfilesEditor(model.profiles(), model.canEdit())),
                new Tab("Preview", scroll(new PreviewPane(model.preview()))));
        tabs.setId("env-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        for (Tab tab : tabs.getTabs()) {
            tab.setId("env-tab-" + tab.getText().toLowerCase(Locale.ROOT).replace(' ', '-'));
        }
        VBox.setVgrow(tabs, Priority.ALWAYS);
        getChildren().addAll(header(), new ConflictBanner(model), messageLine(), tabs);
        VBox.setVgrow(this, Priority.ALWAYS);
        model.storedProperty().addListener((obs, old, now) -> show(now));
        show(model.storedProperty().get());
    }

    private Node header() {
        title.setId("env-editor-name");
        title.getStyleClass().add(Styles.TITLE_3);
        title.setGraphic(titleSwatch);
        constraints.setId("env-editor-constraints");
        constraints.getStyleClass().add(Styles.TEXT_MUTED);
        Label activeChip = new Label("Active", Icons.of(Feather.CHECK, 12));
        activeChip.setId("env-editor-active");
        activeChip.getStyleClass().add(Styles.SUCCESS);
        activeChip.visibleProperty().bind(model.shownActiveProperty());
        activeChip.managedProperty().bind(activeChip.visibleProperty());
        Button makeActive = new Button("Make active", Icons.of(Feather.ZAP));
        makeActive.setId("env-make-active");
        makeActive.setOnAction(e -> model.makeActive());
        makeActive.visibleProperty().bind(model.shownActiveProperty().not());
        makeActive.managedProperty().bind(makeActive.visibleProperty());

        Button save = new Button("Save", Icons.of(Feather.SAVE));
        save.setId("env-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.setTooltip(new Tooltip("Save (Ctrl+S)"));
        save.disableProperty().bind(Bindings.or(model.busyProperty(), model.dirtyProperty().not()));
        save.setVisible(model.canEdit());
        save.setOnAction(e -> model.save());
        Button revert = new Button("Revert");
        revert.setId("env-revert");
        revert.disableProperty().bind(model.dirtyProperty().not());
        revert.setVisible(model.canEdit());
        revert.setOnAction(e -> model.revert());
        // nothing in the header is cut on a small window: the name and its marks stay whole, and the buttons go to
        // a second row when both do not fit in one (issue 13)
        HBox name = new HBox(10, title, titleMark, activeChip);
        name.setAlignment(Pos.CENTER_LEFT);
        HBox actions = new HBox(10, makeActive, revert, save, moreMenu());
        actions.setAlignment(Pos.CENTER_LEFT);
        for (Region part : java.util.List.<Region>of(title, titleMark, activeChip, makeActive, revert, save, name,
                actions)) {
            part.setMinWidth(Region.USE_PREF_SIZE);
        }
        FlowPane top = new FlowPane(24, 8, name, actions);
        top.setId("env-editor-header");
        top.setAlignment(Pos.CENTER_LEFT);
        constraints.setWrapText(true);
        return new VBox(2, top, constraints);
    }

    /** The tab shown, by its code ({@code general}, {@code variables}, {@code auth-profiles}, {@code preview}). */
    String selectedTab() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        return tab == null ? "general" : tab.getId().substring("env-tab-".length());
    }

    /** Runs {@code changed} whenever another tab is shown. */
    void onTabChanged(Runnable changed) {
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> changed.run());
    }

    /** Shows one of the tabs ({@code general}, {@code variables}, {@code auth-profiles}, {@code preview}). */
    void selectTab(String code) {
        for (Tab tab : tabs.getTabs()) {
            if (("env-tab-" + code).equals(tab.getId())) {
                tabs.getSelectionModel().select(tab);
            }
        }
    }

    private MenuButton moreMenu() {
        MenuButton more = new MenuButton(null, Icons.of(Feather.MORE_HORIZONTAL));
        more.setId("env-more");
        more.setTooltip(new Tooltip("Clone, export, delete"));
        MenuItem cloneItem = new MenuItem("Clone…");
        cloneItem.setOnAction(e -> ifShown(shown -> CloneEnvironmentDialog.show(getScene().getWindow(), shown, model)));
        cloneItem.setDisable(!model.canEdit());
        MenuItem exportItem = new MenuItem("Export to JSON…");
        exportItem.setOnAction(e -> ifShown(shown -> EnvironmentFiles.export(getScene().getWindow(), shown, model)));
        MenuItem deleteItem = new MenuItem("Delete…");
        deleteItem.setId("env-delete");
        deleteItem.setOnAction(e -> model.deleteEnvironmentModel()
                .ifPresent(confirmation -> DeleteEnvironmentDialog.show(getScene().getWindow(), confirmation)));
        deleteItem.setDisable(!model.canEdit());
        more.getItems().addAll(cloneItem, exportItem, deleteItem);
        return more;
    }

    private void ifShown(java.util.function.Consumer<Environment> action) {
        Environment shown = model.storedProperty().get();
        if (shown != null) {
            action.accept(shown);
        }
    }

    private Node messageLine() {
        Label message = new Label();
        message.setId("env-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        // always managed, one line high at least: a message that appears does not push the tabs down (issue 13)
        message.getStyleClass().add("env-message");
        message.setMinHeight(Region.USE_PREF_SIZE);
        Notices.clearedOnNextAction(message, model.messageProperty()); // the next action (Ctrl+1, Ctrl+S…) empties it
        return message;
    }

    private void show(@Nullable Environment shown) {
        if (shown == null) {
            return;
        }
        EnvironmentSummary summary = shown.summary();
        title.setText(shown.name().value());
        EnvironmentBadges.paint(titleSwatch, summary);
        EnvironmentBadges.paintMark(titleMark, summary);
        constraints.setText(summary.constraints().describe());
    }

    /** A tab whose content is made the first time it is shown, and kept (and refilled) from then on. */
    private static Tab builtWhenShown(String title, Supplier<Node> content) {
        Tab tab = new Tab(title);
        tab.selectedProperty().addListener((obs, was, selected) -> {
            if (selected && tab.getContent() == null) {
                tab.setContent(scroll(content.get()));
            }
        });
        return tab;
    }

    private static ScrollPane scroll(Node content) {
        ScrollPane pane = new ScrollPane(content);
        pane.setFitToWidth(true);
        pane.setPadding(new Insets(10, 0, 0, 0));
        pane.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return pane;
    }
}
