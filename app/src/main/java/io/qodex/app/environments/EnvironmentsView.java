package io.qodex.app.environments;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.EmptyState;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Page;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.app.common.UnsavedChanges;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.live.Change;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;

/**
 * {@code /p/{slug}/environments}: the environments of the project and an editor for one: URLs, appearance,
 * constraints, variables (secret ones masked), auth profiles with "Test login", and a preview of resolved values.
 * The page assembles its parts: the list ({@link EnvironmentListCell}), the {@link EnvironmentEditor} with its tabs,
 * and the dialogs; {@link EnvironmentsViewModel} holds what they show and does what they ask.
 */
public final class EnvironmentsView implements SectionView {

    private final EnvironmentsViewModel model;
    private final VBox root;
    private final VBox editorSlot = new VBox(12);
    private final ListView<EnvironmentSummary> list = new ListView<>();
    private @Nullable EnvironmentEditor editor;
    private boolean syncingSelection;
    private final ChangeListener<@Nullable Environment> storedChanged = (obs, old, now) -> {
        selectShown();
        showEditor();
        reportSelection();
    };
    private final ListChangeListener<EnvironmentSummary> environmentsChanged = change -> {
        selectShown();
        openWanted();
    };
    private final SectionContext context;
    /** An environment a route named before the list was read: {name, tab}. */
    private java.util.@Nullable List<String> wanted;
    private final Runnable stopGuarding;
    /** The tab a route named, shown once its environment is in the editor; "" when none. */
    private String requestedTab = "";

    public EnvironmentsView(SectionContext context) {
        this.context = context;
        this.model = new EnvironmentsViewModel(context.workspace(), context.project(), context.shell());
        this.stopGuarding = context.shell().environments().guard(this::mayChoose);
        Button importButton = new Button("Import…", Icons.of(Feather.UPLOAD));
        importButton.setId("env-import");
        importButton.setDisable(!model.canEdit());
        importButton.setOnAction(e -> EnvironmentFiles.chooseImport(window(), model));

        list.setId("env-list");
        list.setItems(model.environments().environments());
        list.setCellFactory(view -> new EnvironmentListCell(model.environments()));
        list.setPrefWidth(240);
        list.setPlaceholder(new Label("No environments yet"));
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, chosen) -> {
            if (!syncingSelection && chosen != null && !model.isShown(chosen)) {
                if (leave(() -> model.show(chosen))) {
                    model.show(chosen);
                } else {
                    selectShown();
                }
            }
        });
        model.storedProperty().addListener(storedChanged);
        model.environments().environments().addListener(environmentsChanged);
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox left = new VBox(8, new HBox(8, newMenu(), importButton), list);
        left.setMinWidth(240);

        editorSlot.setPadding(new Insets(0, 4, 0, 0));
        HBox.setHgrow(editorSlot, Priority.ALWAYS);
        HBox body = new HBox(18, left, editorSlot);
        VBox.setVgrow(body, Priority.ALWAYS);
        root = new VBox(14, Page.header("Environments", "Targets of " + context.project().name()
                + ": URLs, variables, auth profiles and safety constraints. The active one is in the toolbar (Ctrl+E, "
                + "Ctrl+1..9)."), body);
        selectShown();
        showEditor();
    }

    private MenuButton newMenu() {
        MenuButton create = new MenuButton("New", Icons.of(Feather.PLUS));
        create.setId("env-new");
        create.getStyleClass().add(Styles.ACCENT);
        for (EnvironmentPreset preset : EnvironmentPreset.values()) {
            MenuItem item = new MenuItem(preset.label() + " — " + preset.constraints().describe());
            item.setId("env-new-" + preset.code());
            item.setOnAction(e -> CreateEnvironmentDialog.show(window(), model.createEnvironmentModel(preset)));
            create.getItems().add(item);
        }
        create.setDisable(!model.canEdit());
        return create;
    }

    /**
     * Before the unsaved edits would be dropped (another environment, another page, another active environment):
     * Save / Discard / Cancel. True goes on now; false stays, and after a successful save {@code proceed} goes on.
     */
    private boolean leave(Runnable proceed) {
        EnvironmentDraft shown = model.draftProperty().get();
        if (!model.dirtyProperty().get() || shown == null) {
            return true;
        }
        String name = shown.name().isBlank() ? "this environment" : shown.name().strip();
        switch (UnsavedChanges.ask(root.getScene() == null ? null : window(), name)) {
            case SAVE -> {
                model.save(proceed);
                return false;
            }
            case DISCARD -> {
                model.revert();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Ctrl+1..9, the switcher, Ctrl+E: another active environment is shown here, so the edits are asked about. */
    private boolean mayChoose(EnvironmentSummary next, Runnable proceed) {
        return model.isShown(next) || leave(proceed);
    }

    /**
     * Selects the environment shown in the list (or nothing), without treating it as the user's choice: one change
     * of the selection, not a clear and a select that every cell hears twice.
     */
    private void selectShown() {
        Environment shown = model.storedProperty().get();
        int index = shown == null ? -1 : indexOf(shown.id());
        syncingSelection = true;
        try {
            if (index < 0) {
                list.getSelectionModel().clearSelection();
            } else if (list.getSelectionModel().getSelectedIndex() != index) {
                list.getSelectionModel().clearAndSelect(index);
            }
        } finally {
            syncingSelection = false;
        }
    }

    private int indexOf(long environmentId) {
        java.util.List<EnvironmentSummary> all = model.environments().environments();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id() == environmentId) {
                return i;
            }
        }
        return -1;
    }

    /** The editor once an environment is shown (built once, then refilled), else what to do first. */
    private void showEditor() {
        if (model.storedProperty().get() == null || model.draftProperty().get() == null) {
            Button first = new Button("Create from the Production preset", Icons.of(Feather.PLUS));
            first.setOnAction(e -> CreateEnvironmentDialog.show(window(),
                    model.createEnvironmentModel(EnvironmentPreset.PRODUCTION)));
            first.setDisable(!model.canEdit());
            editorSlot.getChildren().setAll(new EmptyState(Feather.GLOBE, "No environment selected",
                    model.environments().environments().isEmpty()
                            ? "An environment is one deployment of the target app (production, staging, a preview…). "
                                    + "Create one from a preset: it comes with the recommended safety constraints."
                            : "Choose an environment on the left.", first));
            return;
        }
        if (editor == null) {
            editor = new EnvironmentEditor(model);
            editor.onTabChanged(this::reportSelection);
        }
        if (editorSlot.getChildren().size() != 1 || editorSlot.getChildren().get(0) != editor) {
            editorSlot.getChildren().setAll(editor);
        }
        if (!requestedTab.isEmpty()) {
            editor.selectTab(requestedTab);
            requestedTab = "";
        }
    }

    private Window window() {
        return root.getScene().getWindow();
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        model.environments().reload();
    }

    /** {@code /p/shop/environments/QA%20staging/variables}: that environment (unsaved edits ask first) on that tab. */
    @Override
    public void open(java.util.List<String> detail) {
        wanted = detail;
        openWanted();
    }

    private void openWanted() {
        java.util.List<String> detail = wanted;
        if (detail == null || model.environments().environments().isEmpty()) {
            return; // the list is not read yet: the next change of it opens the environment
        }
        wanted = null;
        String tab = detail.size() > 1 ? detail.get(1) : "";
        java.util.Optional<EnvironmentSummary> found = model.environments().environments().stream()
                .filter(e -> e.name().value().equals(detail.get(0))).findFirst();
        if (found.isEmpty()) {
            model.messageProperty().set("No environment named \"" + detail.get(0) + "\" in "
                    + context.project().name() + ".");
            return;
        }
        if (model.isShown(found.get())) {
            if (editor != null && !tab.isEmpty()) {
                editor.selectTab(tab);
            }
            return;
        }
        Runnable show = () -> {
            requestedTab = tab;
            model.show(found.get());
        };
        if (leave(show)) {
            show.run();
        }
    }

    /** The route says which environment and tab are shown (the General tab is the default: left out). */
    private void reportSelection() {
        Environment shown = model.storedProperty().get();
        if (shown == null || editor == null) {
            return;
        }
        String tab = editor.selectedTab();
        context.shell().selected(tab.equals("general") ? java.util.List.of(shown.name().value())
                : java.util.List.of(shown.name().value(), tab));
    }

    @Override
    public void save() {
        model.save();
    }

    @Override
    public boolean mayLeave(Runnable proceed) {
        return leave(proceed);
    }

    @Override
    public void changed(Change change) {
        // The shell's ActiveEnvironment reloads on environment changes; an open draft keeps its edits, and a later
        // save reports a conflict (docs/decisions/0007-environment-editing-and-locking.md).
    }

    @Override
    public void dispose() {
        stopGuarding.run();
        model.storedProperty().removeListener(storedChanged);
        model.environments().environments().removeListener(environmentsChanged);
        model.dispose();
    }
}
