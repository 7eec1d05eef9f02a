package io.qodex.app.scenarios;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import io.qodex.domain.common.FieldProblem;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The editor of one scenario: its heading with the unsaved mark, Save and Delete; a conflict banner; the list of
 * problems of the last save (each names its field and takes you there); name, tags and collection; then the steps
 * (a list with add, remove, move up and down, and the {@link StepEditor} of the selected one) and the details
 * (description, auth profile, destructive, security).
 */
final class ScenarioEditor extends VBox {

    private final ScenariosViewModel page;
    private final ScenarioEditorModel model;
    private final TabPane tabs = new TabPane();
    private final ListView<StepModel> steps = new ListView<>();

    ScenarioEditor(ScenariosViewModel page, Runnable delete) {
        super(8);
        this.page = page;
        this.model = page.editor();
        boolean editable = page.canEdit();

        Label unsaved = new Label("Unsaved changes");
        unsaved.setId("scenario-unsaved");
        unsaved.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.WARNING);
        unsaved.visibleProperty().bind(model.dirtyProperty());
        unsaved.managedProperty().bind(unsaved.visibleProperty());
        unsaved.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button revert = Icons.button(Feather.ROTATE_CCW, "Discard the unsaved changes");
        revert.setId("scenario-revert");
        revert.disableProperty().bind(model.dirtyProperty().not());
        revert.setOnAction(e -> page.discard());
        Button remove = Icons.button(Feather.TRASH_2, "Delete this scenario (Delete in the list); its runs and "
                + "findings stay");
        remove.setId("scenario-delete");
        remove.getStyleClass().add(Styles.DANGER);
        remove.setOnAction(e -> delete.run());
        Button save = new Button("Save", Icons.of(Feather.SAVE));
        save.setId("scenario-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.setTooltip(new Tooltip("Check and save (Ctrl+S)"));
        save.disableProperty().bind(Bindings.or(model.dirtyProperty().not(), page.busyProperty()));
        save.setOnAction(e -> page.save(() -> { }));

        TextField name = text("scenario-name", model.nameProperty(), "e.g. Items: list and read one", editable);
        TextField tags = text("scenario-tags", model.tagsProperty(), "smoke, items", editable);
        TextField collection = text("scenario-collection", model.collectionProperty(), "e.g. Catalogue", editable);
        FormField nameField = field("Name", name, Fields.NAME, null);
        FormField tagsField = field("Tags", tags, Fields.TAGS, null);
        FormField collectionField = field("Collection", collection, Fields.COLLECTION, null);
        HBox.setHgrow(nameField, Priority.ALWAYS);
        nameField.setPrefWidth(240);
        nameField.setMinWidth(110);
        tagsField.setPrefWidth(150);
        tagsField.setMinWidth(70);
        collectionField.setPrefWidth(130);
        collectionField.setMinWidth(70);
        HBox actions = new HBox(6, unsaved);
        if (editable) {
            actions.getChildren().addAll(revert, remove, save);
        }
        actions.setAlignment(Pos.CENTER_RIGHT);
        actions.setMinWidth(Region.USE_PREF_SIZE);
        actions.setPadding(new Insets(18, 0, 0, 0)); // level with the fields under their labels
        HBox identity = new HBox(10, nameField, tagsField, collectionField, actions);
        identity.setAlignment(Pos.TOP_LEFT);

        tabs.setId("scenario-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab stepsTab = new Tab("Steps", stepsPane(editable));
        stepsTab.textProperty().bind(Bindings.size(model.steps()).asString("Steps (%d)"));
        Tab details = new Tab("Details", details(editable));
        tabs.getTabs().addAll(stepsTab, details);
        VBox.setVgrow(tabs, Priority.ALWAYS);

        getChildren().addAll(identity, conflictBanner(), problems(), tabs);
    }

    private Node conflictBanner() {
        Label text = new Label();
        text.setId("scenario-conflict");
        text.setWrapText(true);
        text.textProperty().bind(page.conflictProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        Button reload = new Button("Reload theirs", Icons.of(Feather.REFRESH_CW));
        reload.setId("scenario-conflict-reload");
        reload.setOnAction(e -> page.reloadTheirs());
        reload.setMinWidth(Region.USE_PREF_SIZE);
        Button keep = new Button("Keep mine");
        keep.setId("scenario-conflict-keep");
        keep.setOnAction(e -> page.keepMine());
        keep.setMinWidth(Region.USE_PREF_SIZE);
        HBox banner = new HBox(10, Icons.of(Feather.ALERT_TRIANGLE), text, reload, keep);
        banner.getStyleClass().add("banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.visibleProperty().bind(page.conflictProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    /** Every problem of the last check, naming its field; a click shows the field. */
    private Node problems() {
        VBox box = new VBox();
        box.setId("scenario-problems");
        box.getStyleClass().add("problem-list");
        Runnable fill = () -> {
            box.getChildren().clear();
            List<FieldProblem> all = List.copyOf(model.problemList());
            for (FieldProblem problem : all) {
                Hyperlink link = new Hyperlink(model.describe(problem));
                link.setWrapText(true);
                link.setOnAction(e -> show(problem));
                box.getChildren().add(link);
            }
            box.setVisible(!all.isEmpty());
            box.setManaged(!all.isEmpty());
        };
        model.problemList().addListener((ListChangeListener<FieldProblem>) change -> fill.run());
        fill.run();
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setMaxHeight(110);
        scroll.visibleProperty().bind(box.visibleProperty());
        scroll.managedProperty().bind(box.visibleProperty());
        scroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    /** Shows the field of a problem: its step and tab. */
    private void show(FieldProblem problem) {
        model.stepOf(problem).ifPresentOrElse(index -> {
            tabs.getSelectionModel().select(0);
            if (index < model.steps().size()) {
                model.selectedStepProperty().set(model.steps().get(index));
            }
        }, () -> {
            boolean detail = problem.field().equals(Fields.DESCRIPTION) || problem.field().equals(Fields.PROFILE);
            tabs.getSelectionModel().select(detail ? 1 : 0);
        });
    }

    private Node stepsPane(boolean editable) {
        steps.setId("steps-list");
        steps.setItems(model.steps());
        steps.setCellFactory(view -> new StepCell());
        steps.setPlaceholder(new Label("No steps: add one with +."));
        steps.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && now != model.selectedStepProperty().get()) {
                model.selectedStepProperty().set(now);
            }
        });
        model.selectedStepProperty().addListener((obs, old, now) -> {
            if (now != null && steps.getSelectionModel().getSelectedItem() != now) {
                steps.getSelectionModel().select(now);
            }
        });
        model.problems().addListener((javafx.collections.MapChangeListener<String, String>) change -> steps.refresh());
        if (model.selectedStepProperty().get() != null) {
            steps.getSelectionModel().select(model.selectedStepProperty().get());
        }
        VBox.setVgrow(steps, Priority.ALWAYS);
        Button add = io.qodex.app.common.Icons.button(Feather.PLUS, "Add a step after the selected one");
        add.setId("step-add");
        add.setOnAction(e -> model.addStep());
        Button remove = io.qodex.app.common.Icons.button(Feather.TRASH_2, "Remove the selected step");
        remove.setId("step-remove");
        remove.setOnAction(e -> model.removeSelected());
        Button up = io.qodex.app.common.Icons.button(Feather.ARROW_UP, "Move the selected step up");
        up.setId("step-up");
        up.setOnAction(e -> model.moveSelected(-1));
        Button down = io.qodex.app.common.Icons.button(Feather.ARROW_DOWN, "Move the selected step down");
        down.setId("step-down");
        down.setOnAction(e -> model.moveSelected(1));
        HBox toolbar = new HBox(2, add, remove, up, down);
        toolbar.setDisable(!editable);
        VBox left = new VBox(6, toolbar, steps);
        left.setPrefWidth(190);
        left.setMinWidth(150);
        left.setMaxWidth(230);
        StepEditor form = new StepEditor(model, editable);
        HBox.setHgrow(form, Priority.ALWAYS);
        form.setMinWidth(0);
        HBox pane = new HBox(12, left, form);
        pane.setPadding(new Insets(8, 0, 0, 0));
        return pane;
    }

    private Node details(boolean editable) {
        TextArea description = new TextArea();
        description.setId("scenario-description");
        description.setWrapText(true);
        description.setPrefRowCount(5);
        description.setPromptText("What the scenario checks and why (Markdown).");
        description.textProperty().bindBidirectional(model.descriptionProperty());
        description.setEditable(editable);
        ComboBox<String> profile = new ComboBox<>();
        profile.setId("scenario-profile");
        profile.setEditable(true);
        profile.setPromptText("none");
        profile.setPrefWidth(220);
        profile.getEditor().textProperty().bindBidirectional(model.profileProperty());
        profile.setOnShowing(e -> profile.getItems().setAll(page.profileNames()));
        profile.getItems().setAll(page.profileNames());
        profile.setDisable(!editable);
        CheckBox destructive = new CheckBox("Destructive");
        destructive.setId("scenario-destructive");
        destructive.selectedProperty().bindBidirectional(model.destructiveProperty());
        destructive.setDisable(!editable);
        CheckBox security = new CheckBox("Security test");
        security.setId("scenario-security");
        security.selectedProperty().bindBidirectional(model.securityProperty());
        security.setDisable(!editable);
        VBox content = new VBox(12,
                field("Description", description, Fields.DESCRIPTION, "Markdown text."),
                field("Auth profile", profile, Fields.PROFILE, "Optional: a profile of the environment it runs "
                        + "against; its token is sent as Authorization: Bearer."),
                explained(destructive, "It changes or deletes data: it runs only where the environment allows "
                        + "destructive tests."),
                explained(security, "It probes for weaknesses: it runs only where the environment allows security "
                        + "testing."));
        content.setPadding(new Insets(10, 12, 10, 2));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private static Node explained(CheckBox box, String explanation) {
        Label text = new Label(explanation);
        text.setWrapText(true);
        text.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        text.setPadding(new Insets(0, 0, 0, 26));
        return new VBox(2, box, text);
    }

    private TextField text(String id, javafx.beans.property.StringProperty property, String prompt, boolean editable) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(property);
        field.setEditable(editable);
        return field;
    }

    private FormField field(String label, Node input, String key, @org.jspecify.annotations.Nullable String hint) {
        FormField field = hint == null ? new FormField(label, input, model.problem(key))
                : new FormField(label, input, model.problem(key), hint);
        if (input.getId() != null) {
            field.message().setId(input.getId() + "-problem");
        }
        return field;
    }

    private final class StepCell extends ListCell<StepModel> {
        @Override
        protected void updateItem(StepModel step, boolean empty) {
            super.updateItem(step, empty);
            textProperty().unbind();
            if (empty || step == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setPrefWidth(0); // the list's width: a long name ends in "…" instead of scrolling sideways
            textProperty().bind(Bindings.createStringBinding(() -> (getIndex() + 1) + ". " + step.methodProperty().get()
                    + " " + step.nameProperty().get(), step.methodProperty(), step.nameProperty(), indexProperty()));
            if (model.stepHasProblem(getIndex())) {
                Label mark = new Label(null, Icons.of(Feather.ALERT_CIRCLE, 12));
                mark.getStyleClass().add("outcome-failed");
                mark.setTooltip(new Tooltip("This step has a problem"));
                setGraphic(mark);
            } else {
                setGraphic(null);
            }
        }
    }
}
