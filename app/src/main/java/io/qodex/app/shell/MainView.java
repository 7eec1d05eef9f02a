package io.qodex.app.shell;

import io.qodex.app.common.SectionView;
import io.qodex.app.common.SectionContext;
import atlantafx.base.theme.Styles;
import io.qodex.app.common.EmptyState;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Notices;
import io.qodex.app.environments.EnvironmentPalette;
import io.qodex.app.environments.EnvironmentSwitcher;
import io.qodex.domain.live.Change;
import io.qodex.domain.project.Project;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;

/**
 * The window operators live in: route bar on top, project switcher and sections on the left, the section's
 * content in the middle, status at the bottom; Ctrl+K opens the quick switcher.
 */
public final class MainView extends StackPane {

    private final MainViewModel model;
    private final StackPane content = new StackPane();
    private final Sidebar sidebar;
    private final QuickSwitcher quickSwitcher;
    private final EnvironmentPalette environmentPalette;
    private final TextField routeField = new TextField();
    private final HBox banner = new HBox();
    private final Label bannerText = new Label();
    private final HBox notice = new HBox();
    private final Label noticeText = new Label();
    private final PauseTransition noticeTimer = new PauseTransition(Duration.seconds(8));
    private final Runnable createProject;
    private final Runnable openSettings;
    private @Nullable SectionView current;

    public MainView(MainViewModel model, Runnable createProject, Runnable toggleTheme, Runnable openSettings,
                    Runnable signOut) {
        this.model = model;
        this.createProject = createProject;
        this.openSettings = openSettings;
        setId("main-view");
        this.sidebar = new Sidebar(model, createProject);
        this.quickSwitcher = new QuickSwitcher(model);
        this.environmentPalette = new EnvironmentPalette(model.environments());

        BorderPane frame = new BorderPane();
        frame.setTop(topBar());
        frame.setLeft(sidebar);
        sidebar.visibleProperty().bind(model.sidebarCollapsedProperty().not());
        sidebar.managedProperty().bind(sidebar.visibleProperty());
        VBox center = new VBox(banner(), notice(), content);
        VBox.setVgrow(content, Priority.ALWAYS);
        content.getStyleClass().add("content");
        content.setId("page-content");
        frame.setCenter(center);
        frame.setBottom(new StatusBar(model, toggleTheme, openSettings, signOut));
        getChildren().addAll(frame, quickSwitcher, environmentPalette);

        model.leaveGuard(proceed -> current == null || current.mayLeave(proceed));
        model.onDetailRequested(detail -> {
            if (current != null) {
                current.open(detail);
            }
        });
        model.projectProperty().addListener((obs, old, now) -> showContent());
        model.sectionProperty().addListener((obs, old, now) -> showContent());
        model.loadedProperty().addListener((obs, old, now) -> showContent());
        model.routeProperty().addListener((obs, old, now) -> routeField.setText(now));
        // switching the environment is the next action: the notices of the previous one go
        Runnable stopFollowing = model.environments().onChosen(chosen -> clearNotices());
        showContent();
        sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                old.focusOwnerProperty().removeListener(focusWatch);
            }
            if (scene != null) {
                installShortcuts();
                scene.focusOwnerProperty().addListener(focusWatch);
                focusPage();
            } else {
                stopFollowing.run();
            }
        });
    }

    /**
     * The focus owner left the page because the page removed it (a rebuilt part, a closed palette) or it went to
     * nobody: JavaFX would pick the window's first control next; the page's first field takes it instead.
     */
    private final javafx.beans.value.ChangeListener<Node> focusWatch = (obs, old, now) -> focusMoved(old, now);

    private void focusMoved(@Nullable Node old, @Nullable Node now) {
        boolean removed = old != null && (old.getScene() == null || !Focus.showing(old));
        if (now == null || removed && !Focus.within(now, content) && !Focus.within(now, sidebar)) {
            javafx.application.Platform.runLater(() -> {
                Scene scene = getScene();
                Node owner = scene == null ? null : scene.getFocusOwner();
                if (scene != null && (owner == null || owner == now)) {
                    focusPage();
                }
            });
        }
    }

    /** Focus stays where the user works (the sidebar, the page); otherwise it goes to the page's first field. */
    private void focusPage() {
        Scene scene = getScene();
        if (scene == null || !model.loadedProperty().get()) {
            return;
        }
        Node owner = scene.getFocusOwner();
        if (owner != null && owner != routeField && Focus.showing(owner)
                && (Focus.within(owner, sidebar) || Focus.within(owner, content))) {
            return;
        }
        content.applyCss(); // skins (a scroll pane's, a tab pane's) put the page's fields into the scene graph
        Focus.focus(Focus.firstField(content).orElse(content));
    }

    private void clearNotices() {
        Notices.clearWithin(content);
        model.noticeProperty().set("");
    }

    private HBox topBar() {
        Label title = new Label("Qodex Operator", Icons.of(Feather.HEXAGON, 18));
        title.getStyleClass().add("app-title");
        routeField.setId("route-bar");
        routeField.getStyleClass().add("route-bar");
        routeField.setPromptText("/p/<project>/<section>");
        routeField.setTooltip(new Tooltip("The current route. Type one and press Enter to go there (Ctrl+L)."));
        HBox.setHgrow(routeField, Priority.ALWAYS);
        routeField.setMaxWidth(640);
        // reached by Ctrl+L or a click, never by JavaFX's choice of a first control: a key typed after a page
        // change must not replace the route
        routeField.setFocusTraversable(false);
        routeField.setOnAction(e -> {
            // the bar shows where the window is, not what was typed (a page may not have what a route named)
            if (!model.navigate(routeField.getText()) || !routeField.getText().equals(model.routeProperty().get())) {
                routeField.setText(model.routeProperty().get());
            }
            leaveRouteBar();
        });
        routeField.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ESCAPE) {
                routeField.setText(model.routeProperty().get());
                leaveRouteBar();
            }
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.SOMETIMES);
        EnvironmentSwitcher switcher = new EnvironmentSwitcher(model.environments(), environmentPalette::open);
        Button quick = new Button("Go to…  Ctrl+K", Icons.of(Feather.SEARCH));
        quick.setId("open-quick-switcher");
        quick.getStyleClass().add(Styles.BUTTON_OUTLINED);
        quick.setTooltip(new Tooltip("Quick switcher: jump to any project and section (Ctrl+K)"));
        quick.setOnAction(e -> quickSwitcher.open());
        Button toggleSidebar = Icons.button(Feather.SIDEBAR, "Show or hide the sidebar (Ctrl+B)");
        toggleSidebar.setId("toggle-sidebar");
        toggleSidebar.setOnAction(e -> toggleSidebar());
        HBox bar = new HBox(toggleSidebar, title, routeField, gap, switcher, quick);
        bar.getStyleClass().add("top-bar");
        return bar;
    }

    private void leaveRouteBar() {
        if (routeField.isFocused()) {
            Focus.focus(Focus.firstField(content).orElse(content));
        }
    }

    private void toggleSidebar() {
        model.sidebarCollapsedProperty().set(!model.sidebarCollapsedProperty().get());
    }

    private HBox banner() {
        banner.getStyleClass().addAll("banner", "danger");
        banner.setId("connection-banner");
        bannerText.setWrapText(true);
        HBox.setHgrow(bannerText, Priority.ALWAYS);
        bannerText.setMaxWidth(Double.MAX_VALUE);
        Button close = Icons.button(Feather.X, "Dismiss");
        close.setOnAction(e -> model.bannerProperty().set(""));
        banner.getChildren().addAll(Icons.of(Feather.WIFI_OFF), bannerText, close);
        banner.managedProperty().bind(banner.visibleProperty());
        banner.visibleProperty().bind(model.bannerProperty().isNotEmpty());
        bannerText.textProperty().bind(model.bannerProperty());
        return banner;
    }

    private HBox notice() {
        notice.getStyleClass().add("banner");
        notice.setId("notice");
        noticeText.setId("notice-text");
        noticeText.setWrapText(true);
        HBox.setHgrow(noticeText, Priority.ALWAYS);
        noticeText.setMaxWidth(Double.MAX_VALUE);
        Button close = Icons.button(Feather.X, "Dismiss");
        close.setOnAction(e -> model.noticeProperty().set(""));
        notice.getChildren().addAll(Icons.of(Feather.INFO), noticeText, close);
        notice.managedProperty().bind(notice.visibleProperty());
        notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
        noticeText.textProperty().bind(model.noticeProperty());
        noticeTimer.setOnFinished(e -> model.noticeProperty().set(""));
        model.noticeProperty().addListener((obs, old, now) -> {
            if (now != null && !now.isEmpty()) {
                noticeTimer.playFromStart();
            }
        });
        return notice;
    }

    /** One key of the window: its combination, what it does (the shortcut sheet says so), and the action. */
    private record Key(KeyCombination keys, String what, Runnable action) {
    }

    private void installShortcuts() {
        var accelerators = getScene().getAccelerators();
        for (Key key : keys()) {
            accelerators.put(key.keys(), key.action());
        }
    }

    /** Every key the window answers, in the order the shortcut sheet lists them. */
    private List<Key> keys() {
        List<Key> keys = new java.util.ArrayList<>(List.of(
                new Key(shortcut(KeyCode.K), "Go to any project or section (quick switcher)", quickSwitcher::open),
                new Key(shortcut(KeyCode.E), "Choose the active environment (palette)", environmentPalette::open),
                new Key(shortcut(KeyCode.DIGIT1), "Ctrl+1 … Ctrl+9: make the environment with that number active",
                        () -> model.environments().chooseNumber(1)),
                new Key(shortcut(KeyCode.N), "New: a scenario on Scenarios, else a new project", () -> {
                    if (current == null || !current.createNew()) {
                        createProject.run();
                    }
                }),
                new Key(shortcut(KeyCode.S), "Save what the page edits", () -> {
                    if (current != null) {
                        clearNotices();
                        current.save();
                    }
                }),
                new Key(new KeyCodeCombination(KeyCode.F5), "Reload from the database", () -> {
                    clearNotices();
                    refreshAll();
                }),
                new Key(shortcut(KeyCode.F), "Filter the projects (Enter opens the first)", sidebar::focusFilter),
                new Key(shortcut(KeyCode.L), "Type a route (/p/<project>/<section>)", () -> {
                    routeField.requestFocus();
                    routeField.selectAll();
                }),
                new Key(shortcut(KeyCode.B), "Hide or show the sidebar", this::toggleSidebar),
                new Key(shortcut(KeyCode.COMMA), "Application settings (theme, database, browser)", openSettings),
                new Key(new KeyCodeCombination(KeyCode.F1), "This sheet", this::showShortcuts),
                new Key(shortcut(KeyCode.SLASH), "This sheet", this::showShortcuts)));
        KeyCode[] digits = {KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6,
                KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};
        for (int i = 0; i < digits.length; i++) {
            int number = i + 2;
            keys.add(new Key(shortcut(digits[i]), "", () -> model.environments().chooseNumber(number)));
        }
        return keys;
    }

    private static KeyCombination shortcut(KeyCode code) {
        return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN);
    }

    /** F1 or Ctrl+/: every key of the window (Ctrl+2 … 9 are named by the Ctrl+1 line), then those of pages. */
    private void showShortcuts() {
        List<ShortcutSheet.Shortcut> window = new java.util.ArrayList<>();
        for (Key key : keys()) {
            if (!key.what().isEmpty()) {
                window.add(new ShortcutSheet.Shortcut(ShortcutSheet.label(key.keys()), key.what()));
            }
        }
        window.add(new ShortcutSheet.Shortcut(ShortcutSheet.label(shortcut(KeyCode.Q)),
                "Quit (a page with unsaved changes asks first)"));
        ShortcutSheet.show(this, window);
    }

    private void showContent() {
        Project project = model.projectProperty().get();
        Section section = model.sectionProperty().get();
        if (current != null) {
            current.dispose();
            current = null;
        }
        if (!model.loadedProperty().get()) {
            content.getChildren().setAll(new Label("Loading your projects…"));
            return;
        }
        if (project == null || section == null) {
            Button create = new Button("Create a project", Icons.of(Feather.PLUS));
            create.getStyleClass().add(Styles.ACCENT);
            create.setOnAction(e -> createProject.run());
            content.getChildren().setAll(new EmptyState(Feather.FOLDER, model.projects().isEmpty() ? "No projects yet"
                    : "Choose a project", model.projects().isEmpty()
                    ? "A project is the boundary around one target app: its environments, logins, members and keys live in it. "
                            + "Create one, or ask an Admin of an existing project to invite you."
                    : "Pick a project on the left, or press Ctrl+K to jump anywhere.", create));
            focusPage();
            return;
        }
        model.registry().factory(section).ifPresent(factory -> {
            current = factory.apply(new SectionContext(model.workspace(), project, model));
            content.getChildren().setAll(current.node());
            focusPage();
        });
    }

    /**
     * Whether the page shown lets the window close or sign out now (it may ask about unsaved changes); when it says
     * not yet, it runs {@code proceed} once they are saved.
     */
    public boolean mayLeave(Runnable proceed) {
        return current == null || current.mayLeave(proceed);
    }

    /** Everything again from the database: projects and the current section. */
    public void refreshAll() {
        model.refreshProjects();
        model.environments().reload();
        if (current != null) {
            current.refresh();
        }
    }

    /** A change announced by the database. */
    public void changed(Change change) {
        model.environments().changed(change);
        if (change.table().equals("projects") || change.table().equals("project_members")
                || change.table().equals("project_key_wraps") || change.isResync()) {
            model.refreshProjects();
        } else if (change.table().equals("project_invitations")) {
            model.refreshInvitations();
        }
        if (current != null) {
            current.changed(change);
        }
    }

    public StackPane content() {
        return content;
    }

    public void openQuickSwitcher() {
        quickSwitcher.open();
    }

    public MainViewModel model() {
        return model;
    }

}
