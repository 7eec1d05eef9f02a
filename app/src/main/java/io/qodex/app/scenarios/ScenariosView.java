package io.qodex.app.scenarios;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.EmptyState;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Notices;
import io.qodex.app.common.Page;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.live.Change;
import io.qodex.domain.scenario.Scenario;
import io.qodex.domain.scenario.Selection;
import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * {@code /p/{slug}/scenarios}: the project's API test scenarios. The page assembles its parts: the {@link ScenarioList}
 * on the left, the {@link ScenarioEditor} of the one chosen, and the {@link RunPane} under it. Keyboard: Ctrl+S saves,
 * Ctrl+Enter runs, Ctrl+N starts a new scenario, Delete (in the list) asks to delete; leaving the page or the scenario
 * with unsaved changes asks to save, discard or stay.
 */
public final class ScenariosView implements SectionView {

    private final SectionContext context;
    private final ScenariosViewModel model;
    private final VBox root;
    private final StackPane editorSlot = new StackPane();
    private final ScenarioList list;
    private final ScenarioEditor editor;
    private final javafx.event.EventHandler<KeyEvent> runKey = event -> {
        if (event.getCode() == KeyCode.ENTER && event.isShortcutDown()) {
            runSelected();
            event.consume();
        }
    };

    public ScenariosView(SectionContext context) {
        this.context = context;
        this.model = new ScenariosViewModel(context.workspace(), context.project(), context.shell());
        boolean editable = model.canEdit();

        Button create = new Button("New scenario", Icons.of(Feather.PLUS));
        create.setId("scenarios-new");
        create.getStyleClass().add(Styles.ACCENT);
        create.setTooltip(new Tooltip("A new scenario (Ctrl+N)"));
        create.setOnAction(e -> createNew());
        Button importButton = new Button("Import…", Icons.of(Feather.UPLOAD));
        importButton.setId("scenarios-import");
        importButton.setOnAction(e -> ScenarioFiles.chooseImport(window(), model));
        MenuButton export = new MenuButton("Export…", Icons.of(Feather.DOWNLOAD));
        export.setId("scenarios-export");
        export.setOnShowing(e -> fillExport(export));
        export.getItems().add(new MenuItem("…")); // filled when shown
        export.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.scenarios()));
        Node createControl = create;
        Node importControl = importButton;
        if (!editable) {
            create.setDisable(true);
            importButton.setDisable(true);
            createControl = explainDisabled(create, "scenarios-new-why", model.viewerReason("create scenarios"));
            importControl = explainDisabled(importButton, "scenarios-import-why", model.viewerReason("import scenarios"));
        }
        for (javafx.scene.layout.Region control : List.of(create, importButton, export)) {
            control.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        Node header = Page.header("Scenarios", "Requests with expectations and captures, run against the active "
                + "environment.", createControl, importControl, export);

        Label viewer = new Label("You are a Viewer of " + context.project().name() + ": you can read scenarios and "
                + "their runs; Members and Admins edit, run and import them.", Icons.of(Feather.EYE));
        viewer.setId("scenarios-viewer-note");
        viewer.setWrapText(true);
        viewer.getStyleClass().add("banner");
        viewer.setMaxWidth(Double.MAX_VALUE);
        viewer.setVisible(!editable);
        viewer.setManaged(!editable);
        Label message = Notices.bound("scenarios-message", model.messageProperty(), Styles.SUCCESS);
        Label error = Notices.bound("scenarios-error", model.errorProperty(), Styles.DANGER);

        list = new ScenarioList(model, this::choose, this::confirmDelete);
        editor = new ScenarioEditor(model, this::confirmDelete);
        RunPane run = new RunPane(model, new RunPane.Runs() {
            @Override
            public void selected() {
                runSelected();
            }

            @Override
            public void tag(String tag) {
                start(Selection.tag(tag), "the scenarios tagged " + tag);
            }

            @Override
            public void collection(String collection) {
                start(Selection.collection(collection), "the collection " + collection);
            }

            @Override
            public void all() {
                start(Selection.ALL, "all scenarios");
            }
        });
        run.setMinHeight(140);
        editorSlot.setMinHeight(220);
        SplitPane top = new SplitPane(list, editorSlot);
        top.setDividerPositions(0.25);
        SplitPane.setResizableWithParent(list, false);
        SplitPane body = new SplitPane(top, run);
        body.setOrientation(Orientation.VERTICAL);
        body.setDividerPositions(0.64);
        SplitPane.setResizableWithParent(run, false);
        VBox.setVgrow(body, Priority.ALWAYS);
        root = new VBox(10, header, viewer, message, error, body);
        // Ctrl+Enter wherever the focus is (the route bar, the sidebar), while this page is shown
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, runKey);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, runKey);
            }
        });
        model.storedProperty().addListener((obs, old, now) ->
                context.shell().selected(now == null ? List.of() : List.of(now.name())));
        model.editingProperty().addListener((obs, old, now) -> showEditor());
        model.loadedProperty().addListener((obs, old, now) -> showEditor());
        model.scenarios().addListener((javafx.collections.ListChangeListener<Scenario>) change -> showEditor());
        showEditor();
        model.load();
    }

    /** A disabled control cannot show a tooltip: its wrapper says why it is off. */
    static Node explainDisabled(Node control, String id, String reason) {
        StackPane wrapper = new StackPane(control);
        wrapper.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        wrapper.setId(id);
        Tooltip why = new Tooltip(reason);
        why.setWrapText(true);
        why.setMaxWidth(360);
        Tooltip.install(wrapper, why);
        wrapper.setAccessibleHelp(reason);
        return wrapper;
    }

    private void showEditor() {
        if (model.editingProperty().get()) {
            if (editorSlot.getChildren().size() != 1 || editorSlot.getChildren().get(0) != editor) {
                editorSlot.getChildren().setAll(editor);
            }
            return;
        }
        if (!model.loadedProperty().get()) {
            editorSlot.getChildren().setAll(new Label("Loading the scenarios…"));
            return;
        }
        Button create = new Button("New scenario", Icons.of(Feather.PLUS));
        create.setId("scenarios-empty-new");
        create.getStyleClass().add(Styles.ACCENT);
        create.setOnAction(e -> createNew());
        Button importButton = new Button("Import…", Icons.of(Feather.UPLOAD));
        importButton.setId("scenarios-empty-import");
        importButton.setOnAction(e -> ScenarioFiles.chooseImport(window(), model));
        create.setDisable(!model.canEdit());
        importButton.setDisable(!model.canEdit());
        HBox actions = new HBox(10, create, importButton);
        actions.setAlignment(Pos.CENTER);
        editorSlot.getChildren().setAll(new EmptyState(Feather.PLAY_CIRCLE, model.scenarios().isEmpty()
                ? "No scenarios yet" : "No scenario chosen", model.scenarios().isEmpty()
                ? "A scenario is a list of HTTP requests, each with what its response must show (status, JSON values, "
                + "headers, latency) and the values it captures for the next. Create one, or import a "
                + "qodex.scenarios.v1 file." : "Choose a scenario on the left.", actions));
    }

    // ---------------------------------------------------------------- leaving with unsaved changes

    /** Runs {@code proceed} once unsaved changes are saved or discarded; false when the user stayed. */
    private boolean leave(Runnable proceed) {
        if (!model.editor().dirtyProperty().get()) {
            proceed.run();
            return true;
        }
        switch (ScenarioFiles.askUnsaved(window(), model.editor().nameProperty().get().isBlank()
                ? "this scenario" : model.editor().nameProperty().get().strip())) {
            case SAVE -> {
                return model.save(proceed);
            }
            case DISCARD -> {
                model.discard();
                proceed.run();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void choose(Scenario chosen) {
        Scenario shown = model.storedProperty().get();
        if (shown != null && shown.id() == chosen.id() && model.editingProperty().get()) {
            return;
        }
        if (!leave(() -> model.open(chosen))) {
            Platform.runLater(() -> list.selectShown(model));
        }
    }

    private void confirmDelete() {
        Scenario shown = model.storedProperty().get();
        if (!model.canEdit() || !model.editingProperty().get()) {
            return;
        }
        if (shown == null) {
            model.discard();
            return;
        }
        int steps = shown.spec().steps().size();
        if (Dialogs.confirm(root, "Delete " + shown.name() + "?", shown.name() + " and its " + steps
                + (steps == 1 ? " step are" : " steps are") + " deleted for everyone in " + context.project().name()
                + ". Its past runs and findings stay.", "Delete")) {
            model.delete();
        }
    }

    // ---------------------------------------------------------------- running

    /** Ctrl+Enter and Run: the scenarios selected in the list, else the one in the editor (saved first if changed). */
    private void runSelected() {
        if (!model.canEdit() || model.run().runningProperty().get()) {
            return;
        }
        List<String> names = list.selectedNames();
        Scenario shown = model.storedProperty().get();
        boolean onlyTheEditors = names.isEmpty() || (names.size() == 1 && shown != null && names.get(0).equals(shown.name()));
        if (onlyTheEditors && model.editingProperty().get()) {
            if (model.editor().dirtyProperty().get()) {
                model.save(this::runEditors);
            } else {
                runEditors();
            }
        } else if (!names.isEmpty()) {
            start(Selection.names(names), names.size() == 1 ? names.get(0) : names.size() + " scenarios");
        }
    }

    private void runEditors() {
        Scenario shown = model.storedProperty().get();
        if (shown != null) {
            start(Selection.names(List.of(shown.name())), shown.name());
        }
    }

    /** A production-like environment asks first. */
    private void start(Selection selection, String what) {
        EnvironmentSummary target = model.environmentProperty().get();
        if (target == null) {
            model.errorProperty().set("There is no environment to run against: create one under Environments.");
            return;
        }
        boolean confirmed = false;
        if (target.productionLike()) {
            confirmed = Dialogs.confirm(root, "Run against " + target.name() + "?", target.name() + " is "
                    + "production-like. " + what + " will send real requests to " + target.baseUrl().value() + " ("
                    + target.constraints().describe() + ").", "Run against " + target.name());
            if (!confirmed) {
                return;
            }
        }
        model.run(selection, what, confirmed);
    }

    // ---------------------------------------------------------------- files

    private void fillExport(MenuButton export) {
        export.getItems().clear();
        List<String> names = list.selectedNames();
        if (!names.isEmpty()) {
            MenuItem selected = new MenuItem(names.size() == 1 ? "Export " + names.get(0) + "…"
                    : "Export the " + names.size() + " selected…");
            selected.setId("scenarios-export-selected");
            selected.setOnAction(e -> ScenarioFiles.export(window(), model, Selection.names(names),
                    names.size() == 1 ? names.get(0) : names.size() + " scenarios",
                    names.size() == 1 ? names.get(0) : "scenarios"));
            export.getItems().add(selected);
        }
        MenuItem all = new MenuItem("Export all " + model.scenarios().size() + "…");
        all.setId("scenarios-export-all");
        all.setOnAction(e -> ScenarioFiles.export(window(), model, Selection.ALL, "all scenarios", "scenarios"));
        export.getItems().add(all);
        for (String tag : model.tags()) {
            MenuItem item = new MenuItem("Export the ones tagged " + tag + "…");
            item.setOnAction(e -> ScenarioFiles.export(window(), model, Selection.tag(tag), "the scenarios tagged " + tag,
                    tag));
            export.getItems().add(item);
        }
    }

    private Window window() {
        return root.getScene().getWindow();
    }

    // ---------------------------------------------------------------- SectionView

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void open(List<String> detail) {
        model.want(detail.get(0));
    }

    @Override
    public void refresh() {
        model.load();
    }

    @Override
    public void changed(Change change) {
        if (change.touches(context.project().id(), "scenarios", "test_runs")) {
            model.load();
        }
    }

    @Override
    public void save() {
        model.save(() -> { });
    }

    @Override
    public boolean createNew() {
        if (!model.canEdit()) {
            model.errorProperty().set(model.viewerReason("create scenarios"));
            return true;
        }
        leave(model::create);
        return true;
    }

    @Override
    public boolean mayLeave(Runnable proceed) {
        if (!model.editor().dirtyProperty().get()) {
            return true;
        }
        return switch (ScenarioFiles.askUnsaved(window(), model.editor().nameProperty().get().strip())) {
            case SAVE -> {
                model.save(proceed);
                yield false;
            }
            case DISCARD -> true;
            case CANCEL -> false;
        };
    }

    @Override
    public void dispose() {
        if (root.getScene() != null) {
            root.getScene().removeEventFilter(KeyEvent.KEY_PRESSED, runKey);
        }
        model.dispose();
    }
}
