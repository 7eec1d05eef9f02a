package io.qodex.app.assistant;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Notices;
import io.qodex.app.common.Page;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.app.common.UnsavedChanges;
import io.qodex.domain.assistant.MemoryDocument;
import io.qodex.domain.live.Change;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * {@code /p/{slug}/memory}: the two markdown documents the assistant reads with every question. Members and Admins
 * edit; Ctrl+S saves the document shown; a save that would overwrite someone else's is refused and nothing typed is
 * lost. Leaving the page (or closing the window) with unsaved edits asks Save / Discard / Cancel.
 */
public final class MemoryView implements SectionView {

    private final SectionContext context;
    private final MemoryViewModel model;
    private final VBox root;
    private final TabPane tabs = new TabPane();
    private final Runnable saveShown;

    public MemoryView(SectionContext context) {
        this.context = context;
        this.model = new MemoryViewModel(context.workspace(), context.project());

        tabs.setId("memory-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        for (MemoryDocument document : MemoryDocument.values()) {
            tabs.getTabs().add(tab(model.document(document)));
        }
        VBox.setVgrow(tabs, Priority.ALWAYS);
        saveShown = () -> model.save(MemoryDocument.values()[tabs.getSelectionModel().getSelectedIndex()]);

        Label message = Notices.bound("memory-message", model.messageProperty(), Styles.SUCCESS);
        Label error = Notices.bound("memory-error", model.errorProperty(), Styles.DANGER);

        root = new VBox(12, Page.header("Memory", model.canEdit()
                ? "What the assistant knows about " + context.project().name() + ": sent as context with every "
                + "question. Markdown. Ctrl+S saves the document shown."
                : "What the assistant knows about " + context.project().name() + ". Viewers read; Members and Admins "
                + "edit."), message, error, tabs);
        model.load();
    }

    private Tab tab(MemoryViewModel.Document document) {
        String code = document.document() == MemoryDocument.PROJECT ? "project" : "test";
        TextArea editor = new TextArea();
        editor.setId("memory-" + code + "-text");
        editor.getStyleClass().add("memory-editor");
        editor.setWrapText(true);
        editor.setEditable(model.canEdit());
        editor.textProperty().bindBidirectional(document.textProperty());
        // a TextArea's prompt text loses its line breaks: the example is a label over the empty editor instead
        Label prompt = new Label(document.document() == MemoryDocument.PROJECT
                ? "# The application\nWhat it does, its users, its main flows, test accounts to use…"
                : "# What testing has learned\nFlaky areas, known bugs, selectors that work, data to reset…");
        prompt.setId("memory-" + code + "-prompt");
        prompt.getStyleClass().addAll("memory-editor", "memory-prompt");
        prompt.setMouseTransparent(true);
        prompt.setWrapText(true);
        prompt.visibleProperty().bind(document.textProperty().isEmpty());
        StackPane.setAlignment(prompt, Pos.TOP_LEFT);
        StackPane.setMargin(prompt, new Insets(21, 30, 0, 30)); // where the editor's first line starts
        StackPane editorBox = new StackPane(editor, prompt);
        VBox.setVgrow(editorBox, Priority.ALWAYS);

        Label conflict = new Label();
        conflict.setId("memory-" + code + "-conflict");
        conflict.setWrapText(true);
        conflict.setGraphic(Icons.of(Feather.ALERT_TRIANGLE, 14));
        conflict.getStyleClass().add(Styles.WARNING);
        conflict.textProperty().bind(document.conflictProperty());
        Button reload = new Button("Reload theirs", Icons.of(Feather.REFRESH_CW));
        reload.setId("memory-" + code + "-reload");
        reload.setOnAction(e -> model.reload(document.document()));
        HBox conflictBox = new HBox(10, conflict, reload);
        conflictBox.setAlignment(Pos.CENTER_LEFT);
        conflictBox.visibleProperty().bind(document.conflictProperty().isNotEmpty());
        conflictBox.managedProperty().bind(conflictBox.visibleProperty());

        Label status = new Label();
        status.setId("memory-" + code + "-status");
        status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        status.textProperty().bind(Bindings.createStringBinding(() -> document.statusProperty().get()
                        + (document.dirtyProperty().get() ? "  Unsaved changes." : "")
                        + String.format("  %,d of %,d characters.", document.textProperty().get().length(),
                        MemoryDocument.MAX_LENGTH),
                document.statusProperty(), document.dirtyProperty(), document.textProperty()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button revert = new Button("Discard changes", Icons.of(Feather.ROTATE_CCW));
        revert.setId("memory-" + code + "-revert");
        revert.getStyleClass().add(Styles.FLAT);
        revert.disableProperty().bind(document.dirtyProperty().not());
        revert.setOnAction(e -> model.reload(document.document()));
        Button save = new Button("Save", Icons.of(Feather.SAVE));
        save.setId("memory-" + code + "-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.setTooltip(new Tooltip("Save " + document.document().fileName() + " (Ctrl+S)"));
        save.disableProperty().bind(Bindings.or(document.dirtyProperty().not(), model.busyProperty()));
        save.setOnAction(e -> model.save(document.document()));
        HBox footer = new HBox(10, status, gap, revert, save);
        footer.setAlignment(Pos.CENTER_LEFT);
        footer.setVisible(true);
        revert.setVisible(model.canEdit());
        save.setVisible(model.canEdit());

        VBox body = new VBox(8, conflictBox, editorBox, footer);
        Tab tab = new Tab(document.document().fileName(), body);
        tab.setId("memory-tab-" + code);
        document.dirtyProperty().addListener((obs, old, dirty) ->
                tab.setText(document.document().fileName() + (dirty ? " •" : "")));
        return tab;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        model.load();
    }

    @Override
    public void changed(Change change) {
        if (change.touches(context.project().id(), "project_memory")) {
            model.load();
        }
    }

    @Override
    public void save() {
        saveShown.run();
    }

    /** Leaving with unsaved edits asks Save / Discard / Cancel, like every editor (decision 0024). */
    @Override
    public boolean mayLeave(Runnable proceed) {
        if (!model.hasUnsavedEdits()) {
            return true;
        }
        Window window = root.getScene() == null ? null : root.getScene().getWindow();
        switch (UnsavedChanges.ask(window, model.unsavedNames())) {
            case SAVE -> {
                model.saveAll(proceed);
                return false;
            }
            case DISCARD -> {
                model.discardAll();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    @Override
    public void dispose() {
        model.keepDrafts();
    }
}
