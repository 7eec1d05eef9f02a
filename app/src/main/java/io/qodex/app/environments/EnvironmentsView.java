package io.qodex.app.environments;

import io.qodex.app.common.ActiveEnvironment;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.EmptyState;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Page;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.ApiLoginDraft;
import io.qodex.domain.environment.EditConflict;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.environment.FieldProblem;
import io.qodex.domain.environment.HttpMethod;
import io.qodex.domain.environment.LoginHeader;
import io.qodex.domain.environment.Preview;
import io.qodex.domain.environment.ProfileDraft;
import io.qodex.domain.environment.SecretInput;
import io.qodex.domain.environment.VariableDraft;
import io.qodex.domain.live.Change;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;

/**
 * {@code /p/{slug}/environments}: the environments of the project and an editor for one: URLs, appearance,
 * constraints, variables (secret ones masked), auth profiles with "Test login", and a preview of resolved values.
 */
public final class EnvironmentsView implements SectionView {

    private final SectionContext context;
    private final EnvironmentsViewModel model;
    private final VBox root;
    private final VBox editor = new VBox(12);
    private final ListView<EnvironmentSummary> list = new ListView<>();
    private final GridPane previewLines = new GridPane();
    private final Node conflictBox;
    private final Node messageLine;
    private boolean syncingSelection;
    private Runnable showActive = () -> { };
    private final javafx.beans.value.ChangeListener<EnvironmentSummary> activeChanged = (obs, old, now) -> showActive.run();
    private final ListChangeListener<EnvironmentSummary> environmentsChanged = change -> environmentsChanged();

    public EnvironmentsView(SectionContext context) {
        this.context = context;
        this.model = new EnvironmentsViewModel(context.workspace(), context.project(), context.shell());
        // Built once: they listen to the view model, which outlives each rebuilt editor.
        this.conflictBox = conflictBox();
        this.messageLine = messageLine();
        previewLines.setId("env-preview");
        previewLines.setHgap(16);
        previewLines.setVgap(4);
        previewLines.getStyleClass().add("key-value-grid");
        model.preview().addListener((ListChangeListener<Preview.Line>) change -> showPreview());

        MenuButton create = new MenuButton("New", Icons.of(Feather.PLUS));
        create.setId("env-new");
        create.getStyleClass().add(Styles.ACCENT);
        for (EnvironmentPreset preset : EnvironmentPreset.values()) {
            MenuItem item = new MenuItem(preset.label() + " — " + preset.constraints().describe());
            item.setId("env-new-" + preset.code());
            item.setOnAction(e -> createDialog(preset));
            create.getItems().add(item);
        }
        create.setDisable(!model.canEdit());
        Button importButton = new Button("Import…", Icons.of(Feather.UPLOAD));
        importButton.setId("env-import");
        importButton.setDisable(!model.canEdit());
        importButton.setOnAction(e -> importDialog());

        list.setId("env-list");
        list.setItems(model.environments().environments());
        list.setCellFactory(view -> new EnvironmentCell());
        list.setPrefWidth(240);
        list.setPlaceholder(new Label("No environments yet"));
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, chosen) -> {
            if (syncingSelection || chosen == null) {
                return;
            }
            if (model.storedProperty().get() != null && model.storedProperty().get().id() == chosen.id()) {
                return;
            }
            if (model.dirtyProperty().get() && !Dialogs.confirm(list, "Discard your changes?", "The changes to "
                    + model.draftProperty().get().name() + " are not saved.", "Discard")) {
                selectStored();
                return;
            }
            model.show(chosen);
        });
        model.storedProperty().addListener((obs, old, now) -> {
            selectStored();
            buildEditor();
        });
        model.environments().environments().addListener(environmentsChanged);
        model.environments().activeProperty().addListener(activeChanged);
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox left = new VBox(8, new HBox(8, create, importButton), list);
        left.setMinWidth(240);

        editor.setPadding(new Insets(0, 4, 0, 0));
        HBox.setHgrow(editor, Priority.ALWAYS);
        HBox body = new HBox(18, left, editor);
        VBox.setVgrow(body, Priority.ALWAYS);

        root = new VBox(14, Page.header("Environments", "Targets of " + context.project().name()
                + ": URLs, variables, auth profiles and safety constraints. The active one is in the toolbar (Ctrl+E, "
                + "Ctrl+1..9)."), body);
        if (!model.environments().environments().isEmpty()) {
            model.show(model.environments().active().orElse(model.environments().environments().get(0)));
        }
        buildEditor();
    }

    private void environmentsChanged() {
        selectStored();
        if (model.storedProperty().get() == null && !model.environments().environments().isEmpty()) {
            model.show(model.environments().active().orElse(model.environments().environments().get(0)));
        }
    }

    private void selectStored() {
        Environment stored = model.storedProperty().get();
        syncingSelection = true;
        try {
            if (stored == null) {
                list.getSelectionModel().clearSelection();
            } else {
                model.environments().environments().stream().filter(e -> e.id() == stored.id()).findFirst()
                        .ifPresent(e -> list.getSelectionModel().select(e));
            }
        } finally {
            syncingSelection = false;
        }
    }

    // ------------------------------------------------------------------ the editor
    //
    // The editor's nodes are built once and filled with each environment: a switch then changes texts and states
    // only (no new nodes, no CSS pass over a new tree), which keeps it within a frame. The variable and profile
    // tabs, whose rows depend on the environment, are rebuilt when they are shown.

    private final Label title = new Label();
    private final Region titleSwatch = EnvironmentBadges.swatch();
    private final Label titleMark = new Label();
    private final Label constraintsLine = new Label();
    private final Label activeChip = new Label("Active", Icons.of(Feather.CHECK, 12));
    private final Button makeActive = new Button("Make active", Icons.of(Feather.ZAP));
    private final TextField nameField = new TextField();
    private final TextField baseUrlField = new TextField();
    private final TextField apiBaseUrlField = new TextField();
    private final TextField colorField = new TextField();
    private final TextField labelField = new TextField();
    private final TextField rateField = new TextField();
    private final ToggleSwitch productionToggle = new ToggleSwitch("Production-like (marked red everywhere)");
    private final ToggleSwitch readOnlyToggle = new ToggleSwitch("Read-only (no write verbs)");
    private final ToggleSwitch destructiveToggle = new ToggleSwitch("Allow destructive tests");
    private final ToggleSwitch securityToggle = new ToggleSwitch("Allow security testing");
    private final javafx.scene.layout.StackPane variablesHolder = new javafx.scene.layout.StackPane();
    private final javafx.scene.layout.StackPane profilesHolder = new javafx.scene.layout.StackPane();
    private final ComboBox<String> previewProfile = new ComboBox<>();
    private TabPane tabs;
    private Node form;
    private boolean filling;
    private boolean variablesStale = true;
    private boolean profilesStale = true;

    private void buildEditor() {
        EnvironmentDraft draft = model.draftProperty().get();
        Environment stored = model.storedProperty().get();
        if (draft == null || stored == null) {
            Button first = new Button("Create from the Production preset", Icons.of(Feather.PLUS));
            first.setOnAction(e -> createDialog(EnvironmentPreset.PRODUCTION));
            first.setDisable(!model.canEdit());
            editor.getChildren().setAll(new EmptyState(Feather.GLOBE, "No environment selected",
                    model.environments().environments().isEmpty()
                            ? "An environment is one deployment of the target app (production, staging, a preview…). "
                                    + "Create one from a preset: it comes with the recommended safety constraints."
                            : "Choose an environment on the left.", first));
            return;
        }
        if (form == null) {
            form = buildForm();
        }
        if (editor.getChildren().size() != 1 || editor.getChildren().get(0) != form) {
            editor.getChildren().setAll(form);
        }
        fill(draft, stored);
    }

    private Node buildForm() {
        title.setId("env-editor-name");
        title.getStyleClass().add(Styles.TITLE_3);
        title.setGraphic(titleSwatch);
        constraintsLine.setId("env-editor-constraints");
        constraintsLine.getStyleClass().add(Styles.TEXT_MUTED);
        activeChip.setId("env-editor-active");
        activeChip.getStyleClass().add(Styles.SUCCESS);
        makeActive.setId("env-make-active");
        makeActive.setOnAction(e -> model.makeActive());
        showActive = this::showActiveState;

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
        MenuButton more = new MenuButton(null, Icons.of(Feather.MORE_HORIZONTAL));
        more.setId("env-more");
        more.setTooltip(new Tooltip("Clone, export, delete"));
        MenuItem cloneItem = new MenuItem("Clone…");
        cloneItem.setOnAction(e -> ifStored(this::cloneDialog));
        cloneItem.setDisable(!model.canEdit());
        MenuItem exportItem = new MenuItem("Export to JSON…");
        exportItem.setOnAction(e -> ifStored(this::exportDialog));
        MenuItem deleteItem = new MenuItem("Delete…");
        deleteItem.setId("env-delete");
        deleteItem.setOnAction(e -> ifStored(this::deleteDialog));
        deleteItem.setDisable(!model.canEdit());
        more.getItems().addAll(cloneItem, exportItem, deleteItem);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox top = new HBox(10, title, titleMark, activeChip, gap, makeActive, revert, save, more);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox header = new VBox(2, top, constraintsLine);

        variablesHolder.setAlignment(Pos.TOP_LEFT);
        profilesHolder.setAlignment(Pos.TOP_LEFT);
        Tab general = new Tab("General", scroll(general()));
        Tab variables = new Tab("Variables", scroll(variablesHolder));
        Tab profiles = new Tab("Auth profiles", scroll(profilesHolder));
        Tab preview = new Tab("Preview", scroll(preview()));
        tabs = new TabPane(general, variables, profiles, preview);
        tabs.setId("env-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        for (Tab tab : tabs.getTabs()) {
            tab.setId("env-tab-" + tab.getText().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        }
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> refreshListTabs());
        VBox.setVgrow(tabs, Priority.ALWAYS);
        VBox box = new VBox(12, header, conflictBox, messageLine, tabs);
        VBox.setVgrow(box, Priority.ALWAYS);
        return box;
    }

    private void ifStored(java.util.function.Consumer<Environment> action) {
        Environment stored = model.storedProperty().get();
        if (stored != null) {
            action.accept(stored);
        }
    }

    /** Puts an environment into the editor's existing nodes. */
    private void fill(EnvironmentDraft draft, Environment stored) {
        filling = true;
        try {
            EnvironmentSummary summary = stored.summary();
            title.setText(stored.name().value());
            EnvironmentBadges.paint(titleSwatch, summary);
            EnvironmentBadges.paintMark(titleMark, summary);
            constraintsLine.setText(summary.constraints().describe());
            showActiveState();
            nameField.setText(draft.name());
            baseUrlField.setText(draft.baseUrl());
            apiBaseUrlField.setText(draft.apiBaseUrl());
            colorField.setText(draft.color());
            labelField.setText(draft.label());
            rateField.setText(Integer.toString(draft.maxRequestsPerSecond()));
            productionToggle.setSelected(draft.productionLike());
            readOnlyToggle.setSelected(draft.readOnly());
            destructiveToggle.setSelected(draft.allowDestructiveTests());
            securityToggle.setSelected(draft.allowSecurityTesting());
            List<String> names = new ArrayList<>();
            names.add("");
            draft.profiles().forEach(p -> names.add(p.name()));
            if (!previewProfile.getItems().equals(names)) {
                previewProfile.getItems().setAll(names);
            }
            variablesStale = true;
            profilesStale = true;
            refreshListTabs();
        } finally {
            filling = false;
        }
    }

    private void showActiveState() {
        Environment stored = model.storedProperty().get();
        boolean active = stored != null && model.environments().active().map(a -> a.id() == stored.id()).orElse(false);
        activeChip.setVisible(active);
        activeChip.setManaged(active);
        makeActive.setVisible(!active);
        makeActive.setManaged(!active);
    }

    /** Rebuilds the rows of the variables or profiles tab if it is the one shown and its environment changed. */
    private void refreshListTabs() {
        if (tabs == null) {
            return;
        }
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        EnvironmentDraft draft = model.draftProperty().get();
        Environment stored = model.storedProperty().get();
        if (selected == null || draft == null || stored == null) {
            return;
        }
        boolean wasFilling = filling;
        filling = true;
        try {
            if (selected.getContent() != null && variablesStale && selected.getText().equals("Variables")) {
                variablesHolder.getChildren().setAll(variables(draft, stored));
                variablesStale = false;
            } else if (profilesStale && selected.getText().equals("Auth profiles")) {
                profilesHolder.getChildren().setAll(profiles(draft, stored));
                profilesStale = false;
            }
        } finally {
            filling = wasFilling;
        }
    }

    private Node conflictBox() {
        Label text = new Label();
        text.setId("env-conflict");
        text.setWrapText(true);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        Button reload = new Button("Reload theirs");
        reload.setId("env-conflict-reload");
        reload.setOnAction(e -> model.reloadAfterConflict());
        Button keep = new Button("Keep editing mine");
        keep.setId("env-conflict-keep");
        keep.setOnAction(e -> model.keepEditing());
        HBox box = new HBox(10, Icons.of(Feather.ALERT_TRIANGLE), text, reload, keep);
        box.getStyleClass().addAll("banner");
        box.setAlignment(Pos.CENTER_LEFT);
        Runnable show = () -> {
            EditConflict conflict = model.conflictProperty().get();
            box.setVisible(conflict != null);
            box.setManaged(conflict != null);
            text.setText(conflict == null ? "" : conflict.message());
            keep.setVisible(conflict != null && conflict.current().isPresent());
        };
        model.conflictProperty().addListener((obs, old, now) -> show.run());
        show.run();
        return box;
    }

    private Node messageLine() {
        Label message = new Label();
        message.setId("env-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        return message;
    }

    private static ScrollPane scroll(Node content) {
        ScrollPane pane = new ScrollPane(content);
        pane.setFitToWidth(true);
        pane.setPadding(new Insets(10, 0, 0, 0));
        pane.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        return pane;
    }

    private Node general() {
        field(nameField, "env-name", text -> d -> d.withName(text));
        field(baseUrlField, "env-base-url", text -> d -> d.withUrls(text, d.apiBaseUrl()));
        baseUrlField.setPromptText("https://staging.example.com");
        field(apiBaseUrlField, "env-api-base-url", text -> d -> d.withUrls(d.baseUrl(), text));
        apiBaseUrlField.setPromptText("optional: https://api.staging.example.com");
        field(colorField, "env-color", text -> d -> d.withAppearance(text, d.label(), d.productionLike()));
        colorField.setPromptText("#cf222e");
        field(labelField, "env-label", text -> d -> d.withAppearance(d.color(), text, d.productionLike()));
        labelField.setPromptText("e.g. PROD, EU");
        toggle(productionToggle, "env-production-like", on -> d -> d.withAppearance(d.color(), d.label(), on));
        toggle(readOnlyToggle, "env-read-only", on -> d -> d.withConstraints(on, d.maxRequestsPerSecond(),
                d.allowDestructiveTests(), d.allowSecurityTesting()));
        toggle(destructiveToggle, "env-destructive", on -> d -> d.withConstraints(d.readOnly(), d.maxRequestsPerSecond(),
                on, d.allowSecurityTesting()));
        toggle(securityToggle, "env-security", on -> d -> d.withConstraints(d.readOnly(), d.maxRequestsPerSecond(),
                d.allowDestructiveTests(), on));
        rateField.setId("env-max-rps");
        rateField.setPrefColumnCount(6);
        rateField.setDisable(!model.canEdit());
        rateField.textProperty().addListener((obs, old, text) -> {
            if (filling) {
                return;
            }
            int value;
            try {
                value = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                value = -1;
            }
            int chosen = value;
            model.update(d -> d.withConstraints(d.readOnly(), chosen, d.allowDestructiveTests(), d.allowSecurityTesting()));
        });

        GridPane urls = new GridPane();
        urls.setHgap(12);
        urls.setVgap(10);
        urls.add(new FormField("Name", nameField, error("name")), 0, 0, 2, 1);
        urls.add(new FormField("Base URL", baseUrlField, error("baseUrl")), 0, 1, 2, 1);
        urls.add(new FormField("API base URL", apiBaseUrlField, error("apiBaseUrl"),
                "Leave empty if the API is on the base URL."), 0, 2, 2, 1);
        urls.add(new FormField("Colour", colorField, error("color")), 0, 3);
        urls.add(new FormField("Label", labelField, error("label")), 1, 3);
        urls.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(), new javafx.scene.layout.ColumnConstraints());
        urls.getColumnConstraints().get(0).setPercentWidth(50);
        urls.getColumnConstraints().get(1).setPercentWidth(50);
        VBox constraints = new VBox(10, readOnlyToggle, new FormField("Max requests per second (1-1000)", rateField,
                error("maxRequestsPerSecond")), destructiveToggle, securityToggle);
        return new VBox(16, card("Where it is", urls), card("How it looks", productionToggle),
                card("Safety constraints", constraints));
    }

    private Node variables(EnvironmentDraft draft, Environment stored) {
        VBox rows = new VBox(8);
        rows.setId("env-variables");
        Runnable rebuild = new Runnable() {
            @Override
            public void run() {
                rows.getChildren().clear();
                List<VariableDraft> current = model.draftProperty().get().variables();
                if (current.isEmpty()) {
                    Label none = new Label("No variables yet. Built-in ones (${baseUrl}, ${apiBaseUrl}, ${authEmail}, "
                            + "${authPassword} and their ${BASE_URL}-style twins) are always there.");
                    none.setWrapText(true);
                    none.getStyleClass().add(Styles.TEXT_MUTED);
                    rows.getChildren().add(none);
                }
                for (int i = 0; i < current.size(); i++) {
                    rows.getChildren().add(variableRow(i, current.get(i), stored, this));
                }
            }
        };
        rebuild.run();
        Button add = new Button("Add variable", Icons.of(Feather.PLUS));
        add.setId("env-add-variable");
        add.setDisable(!model.canEdit());
        add.setOnAction(e -> {
            model.update(d -> {
                List<VariableDraft> next = new ArrayList<>(d.variables());
                next.add(VariableDraft.plain("", ""));
                return d.withVariables(next);
            });
            rebuild.run();
        });
        return card("Variables", new VBox(10, rows, add, error(
                Bindings.createStringBinding(() -> model.problem("variables"), model.problems()))));
    }

    private Node variableRow(int index, VariableDraft variable, Environment stored, Runnable rebuild) {
        String path = "variables[" + index + "]";
        TextField name = new TextField(variable.name());
        name.setId("env-var-name-" + index);
        name.setPromptText("NAME");
        name.setDisable(!model.canEdit());
        name.textProperty().addListener((obs, old, text) -> updateVariable(index, v -> new VariableDraft(v.id(), text,
                v.secret(), v.plainValue(), v.secretValue())));
        boolean storedSecret = variable.secret() && variable.secretValue() instanceof SecretInput.Keep
                && variable.id().isPresent();
        TextField plain = new TextField(variable.plainValue());
        PasswordField secret = new PasswordField();
        secret.setPromptText(storedSecret ? "•••• stored (type to replace)" : "secret value");
        plain.setId("env-var-value-" + index);
        secret.setId("env-var-secret-" + index);
        plain.setDisable(!model.canEdit());
        secret.setDisable(!model.canEdit());
        plain.textProperty().addListener((obs, old, text) -> updateVariable(index, v -> v.withPlainValue(text)));
        secret.textProperty().addListener((obs, old, text) -> updateVariable(index, v -> text.isEmpty() && storedSecret
                ? new VariableDraft(v.id(), v.name(), true, "", SecretInput.KEEP) : v.withSecretValue(Secret.copyOf(text))));
        HBox.setHgrow(plain, Priority.ALWAYS);
        HBox.setHgrow(secret, Priority.ALWAYS);
        plain.setVisible(!variable.secret());
        plain.setManaged(!variable.secret());
        secret.setVisible(variable.secret());
        secret.setManaged(variable.secret());
        ToggleSwitch isSecret = new ToggleSwitch("Secret");
        isSecret.setId("env-var-secret-toggle-" + index);
        isSecret.setSelected(variable.secret());
        isSecret.setDisable(!model.canEdit());
        isSecret.selectedProperty().addListener((obs, was, now) -> {
            if (now) {
                String typed = plain.getText();
                updateVariable(index, v -> v.withSecretValue(Secret.copyOf(typed)));
                secret.setText(typed);
            } else {
                updateVariable(index, v -> v.withPlainValue(""));
                plain.setText("");
            }
            plain.setVisible(!now);
            plain.setManaged(!now);
            secret.setVisible(now);
            secret.setManaged(now);
        });
        Label revealed = new Label();
        revealed.getStyleClass().add("masked");
        Button reveal = Icons.button(Feather.EYE, "Reveal the stored value (members only)");
        reveal.setId("env-var-reveal-" + index);
        reveal.setVisible(storedSecret);
        reveal.setManaged(storedSecret);
        reveal.setOnAction(e -> {
            if (revealed.getText().isEmpty()) {
                model.revealVariable(variable.name(), revealed::setText);
            } else {
                revealed.setText("");
            }
        });
        Button remove = Icons.button(Feather.TRASH_2, "Remove the variable");
        remove.setDisable(!model.canEdit());
        remove.setOnAction(e -> {
            model.update(d -> {
                List<VariableDraft> next = new ArrayList<>(d.variables());
                next.remove(index);
                return d.withVariables(next);
            });
            rebuild.run();
        });
        VBox nameBox = new VBox(2, name, error(Bindings.createStringBinding(() -> model.problem(path + ".name"),
                model.problems())));
        nameBox.setPrefWidth(200);
        VBox valueBox = new VBox(2, new HBox(6, plain, secret), revealed, error(Bindings.createStringBinding(
                () -> model.problem(path + ".value"), model.problems())));
        HBox.setHgrow(valueBox, Priority.ALWAYS);
        HBox row = new HBox(8, nameBox, valueBox, isSecret, reveal, remove);
        row.setAlignment(Pos.TOP_LEFT);
        return row;
    }

    private void updateVariable(int index, UnaryOperator<VariableDraft> change) {
        model.update(d -> {
            List<VariableDraft> next = new ArrayList<>(d.variables());
            if (index < next.size()) {
                next.set(index, change.apply(next.get(index)));
            }
            return d.withVariables(next);
        });
    }

    private Node profiles(EnvironmentDraft draft, Environment stored) {
        VBox cards = new VBox(12);
        cards.setId("env-profiles");
        Runnable rebuild = new Runnable() {
            @Override
            public void run() {
                cards.getChildren().clear();
                List<ProfileDraft> current = model.draftProperty().get().profiles();
                if (current.isEmpty()) {
                    Label none = new Label("No auth profile yet. A profile (admin, user, viewer…) holds the login of one "
                            + "kind of user: email, password, a static token, an HTTP login, or a recorded UI login.");
                    none.setWrapText(true);
                    none.getStyleClass().add(Styles.TEXT_MUTED);
                    cards.getChildren().add(none);
                }
                for (int i = 0; i < current.size(); i++) {
                    cards.getChildren().add(profileCard(i, current.get(i), stored, this));
                }
            }
        };
        rebuild.run();
        TextField newName = new TextField();
        newName.setId("env-new-profile-name");
        newName.setPromptText("admin");
        Button add = new Button("Add profile", Icons.of(Feather.USER_PLUS));
        add.setId("env-add-profile");
        add.disableProperty().bind(newName.textProperty().isEmpty());
        add.setOnAction(e -> {
            String name = newName.getText().strip();
            model.update(d -> {
                List<ProfileDraft> next = new ArrayList<>(d.profiles());
                next.add(ProfileDraft.named(name));
                return d.withProfiles(next);
            });
            newName.clear();
            rebuild.run();
        });
        newName.setOnAction(e -> add.fire());
        HBox adder = new HBox(8, newName, add);
        adder.setVisible(model.canEdit());
        return new VBox(12, cards, adder);
    }

    private Node profileCard(int index, ProfileDraft profile, Environment stored, Runnable rebuild) {
        String path = "authProfiles[" + index + "]";
        boolean storedPassword = stored.profile(profile.name()).flatMap(p -> p.password()).isPresent();
        boolean storedToken = stored.profile(profile.name()).flatMap(p -> p.staticToken()).isPresent();
        TextField email = new TextField(profile.email());
        email.setId("env-profile-email-" + index);
        email.setPromptText("qa-admin@example.com or a user name");
        email.textProperty().addListener((obs, old, text) -> updateProfile(index, p -> p.withEmail(text)));
        PasswordField password = secretField("env-profile-password-" + index, storedPassword,
                text -> p -> p.withPassword(text.isEmpty() ? (storedPassword ? SecretInput.KEEP : SecretInput.CLEAR)
                        : SecretInput.replace(Secret.copyOf(text))), index);
        PasswordField token = secretField("env-profile-token-" + index, storedToken,
                text -> p -> p.withStaticToken(text.isEmpty() ? (storedToken ? SecretInput.KEEP : SecretInput.CLEAR)
                        : SecretInput.replace(Secret.copyOf(text))), index);

        ApiLoginDraft login = profile.apiLogin().orElse(ApiLoginDraft.defaults());
        ToggleSwitch httpLogin = new ToggleSwitch("HTTP login");
        httpLogin.setId("env-profile-http-login-" + index);
        httpLogin.setSelected(profile.apiLogin().isPresent());
        ComboBox<String> method = new ComboBox<>();
        method.getItems().setAll(java.util.Arrays.stream(HttpMethod.values()).map(Enum::name).toList());
        method.setValue(login.method());
        TextField url = new TextField(login.url());
        url.setId("env-profile-login-url-" + index);
        url.setPromptText("${apiBaseUrl}/auth/login");
        TextArea headers = new TextArea(String.join("\n", login.headers().stream().map(LoginHeader::toString).toList()));
        headers.setPrefRowCount(2);
        headers.setPromptText("Content-Type: application/json");
        TextArea body = new TextArea(login.body());
        body.setId("env-profile-login-body-" + index);
        body.setPrefRowCount(3);
        body.setPromptText("{\"email\": \"${authEmail}\", \"password\": \"${authPassword}\"}");
        TextField tokenPath = new TextField(login.tokenPath());
        tokenPath.setId("env-profile-token-path-" + index);
        tokenPath.setPromptText("$.data.token");
        Runnable pushLogin = () -> updateProfile(index, p -> p.withApiLogin(httpLogin.isSelected()
                ? Optional.of(new ApiLoginDraft(method.getValue(), url.getText(), parseHeaders(headers.getText()),
                        body.getText(), tokenPath.getText()))
                : Optional.empty()));
        httpLogin.selectedProperty().addListener((obs, was, now) -> pushLogin.run());
        method.valueProperty().addListener((obs, was, now) -> pushLogin.run());
        url.textProperty().addListener((obs, was, now) -> pushLogin.run());
        headers.textProperty().addListener((obs, was, now) -> pushLogin.run());
        body.textProperty().addListener((obs, was, now) -> pushLogin.run());
        tokenPath.textProperty().addListener((obs, was, now) -> pushLogin.run());
        String loginPath = path + ".apiLogin";
        GridPane loginForm = new GridPane();
        loginForm.setHgap(10);
        loginForm.setVgap(8);
        loginForm.add(new FormField("Method", method, error(loginPath + ".method")), 0, 0);
        loginForm.add(new FormField("URL", url, error(loginPath + ".url")), 1, 0);
        GridPane.setHgrow(loginForm.getChildren().get(1), Priority.ALWAYS);
        loginForm.add(new FormField("Headers (one \"Name: value\" per line)", headers, error(loginPath + ".headers")), 0, 1, 2, 1);
        loginForm.add(new FormField("Body template", body, error(loginPath + ".body")), 0, 2, 2, 1);
        loginForm.add(new FormField("Token JSONPath", tokenPath, error(loginPath + ".tokenPath")), 0, 3, 2, 1);
        loginForm.visibleProperty().bind(httpLogin.selectedProperty());
        loginForm.managedProperty().bind(loginForm.visibleProperty());

        Button test = new Button("Test login", Icons.of(Feather.PLAY));
        test.setId("env-profile-test-login-" + index);
        test.setOnAction(e -> model.testLogin(profile.name()));
        Label result = new Label();
        result.setId("env-profile-login-result-" + index);
        result.setWrapText(true);
        result.textProperty().bind(Bindings.createStringBinding(() -> model.loginResults().getOrDefault(profile.name(), ""),
                model.loginResults()));
        HBox testRow = new HBox(10, test, result);
        testRow.setAlignment(Pos.CENTER_LEFT);

        Label uiLogin = new Label(stored.profile(profile.name()).map(p -> p.uiLoginRecorded()).orElse(false)
                ? "UI login: recorded." : "UI login: not recorded (record it in Logins).", Icons.of(Feather.MONITOR, 12));
        uiLogin.getStyleClass().add(Styles.TEXT_MUTED);

        Label heading = new Label(profile.name(), Icons.of(Feather.USER));
        heading.getStyleClass().add(Styles.TITLE_4);
        Button remove = Icons.button(Feather.TRASH_2, "Remove the profile");
        remove.setDisable(!model.canEdit());
        remove.setOnAction(e -> {
            model.update(d -> {
                List<ProfileDraft> next = new ArrayList<>(d.profiles());
                next.remove(index);
                return d.withProfiles(next);
            });
            rebuild.run();
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        GridPane credentials = new GridPane();
        credentials.setHgap(10);
        credentials.setVgap(8);
        credentials.add(new FormField("Email or user name (${authEmail})", email, error(path + ".email")), 0, 0, 2, 1);
        credentials.add(new FormField("Password (${authPassword})", password, error(path + ".password")), 0, 1);
        credentials.add(new FormField("Static token", token, error(path + ".staticToken")), 1, 1);
        credentials.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(), new javafx.scene.layout.ColumnConstraints());
        credentials.getColumnConstraints().get(0).setPercentWidth(50);
        credentials.getColumnConstraints().get(1).setPercentWidth(50);
        VBox card = new VBox(10, new HBox(8, heading, gap, remove), credentials, httpLogin, loginForm, testRow, uiLogin);
        card.getStyleClass().add("card");
        card.setDisable(!model.canEdit());
        return card;
    }

    private static List<LoginHeader> parseHeaders(String text) {
        List<LoginHeader> headers = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            headers.add(colon < 0 ? new LoginHeader(line.strip(), "")
                    : new LoginHeader(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return headers;
    }

    private PasswordField secretField(String id, boolean stored,
                                      java.util.function.Function<String, UnaryOperator<ProfileDraft>> change, int index) {
        PasswordField field = new PasswordField();
        field.setId(id);
        field.setPromptText(stored ? "•••• stored (type to replace)" : "not set");
        field.textProperty().addListener((obs, old, text) -> updateProfile(index, change.apply(text)));
        return field;
    }

    private void updateProfile(int index, UnaryOperator<ProfileDraft> change) {
        model.update(d -> {
            List<ProfileDraft> next = new ArrayList<>(d.profiles());
            if (index < next.size()) {
                next.set(index, change.apply(next.get(index)));
            }
            return d.withProfiles(next);
        });
    }

    private Node preview() {
        previewProfile.setId("env-preview-profile");
        previewProfile.setPromptText("no profile");
        previewProfile.valueProperty().addListener((obs, old, now) -> {
            if (!filling) {
                model.previewProfileProperty().set(now == null ? "" : now);
            }
        });
        showPreview();
        Label note = new Label("Resolved values as tests will see them; secrets are masked.");
        note.getStyleClass().add(Styles.TEXT_MUTED);
        return card("Preview", new VBox(10, note, new HBox(8, new Label("With profile"), previewProfile), previewLines));
    }

    private void showPreview() {
        previewLines.getChildren().clear();
        int row = 0;
        for (Preview.Line line : model.preview()) {
            Label name = new Label("${" + line.name() + "}");
            name.getStyleClass().addAll("key", "masked");
            Label value = new Label(line.problem().orElse(line.value()));
            value.getStyleClass().add(line.problem().isPresent() ? "field-error" : "masked");
            value.setWrapText(true);
            previewLines.add(name, 0, row);
            previewLines.add(value, 1, row);
            row++;
        }
    }

    // ------------------------------------------------------------------ dialogs

    private void createDialog(EnvironmentPreset preset) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle("New environment");
        dialog.setHeaderText("New environment from the " + preset.label() + " preset");
        ButtonType create = new ButtonType("Create", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);
        TextField name = new TextField(preset == EnvironmentPreset.CUSTOM ? "" : preset.label());
        name.setId("env-create-name");
        TextField baseUrl = new TextField();
        baseUrl.setId("env-create-base-url");
        baseUrl.setPromptText("https://staging.example.com");
        TextField apiBaseUrl = new TextField();
        apiBaseUrl.setId("env-create-api-base-url");
        apiBaseUrl.setPromptText("optional");
        javafx.beans.property.StringProperty nameError = new javafx.beans.property.SimpleStringProperty("");
        javafx.beans.property.StringProperty urlError = new javafx.beans.property.SimpleStringProperty("");
        javafx.beans.property.StringProperty apiError = new javafx.beans.property.SimpleStringProperty("");
        Label other = new Label();
        other.getStyleClass().add("field-error");
        Label constraints = new Label(preset.constraints().describe());
        constraints.getStyleClass().add(Styles.TEXT_MUTED);
        VBox form = new VBox(10, new FormField("Name", name, nameError), new FormField("Base URL", baseUrl, urlError),
                new FormField("API base URL", apiBaseUrl, apiError), new Label("Constraints"), constraints, other);
        form.setPrefWidth(440);
        dialog.getDialogPane().setContent(form);
        Button ok = (Button) dialog.getDialogPane().lookupButton(create);
        ok.setId("env-create-submit");
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            event.consume();
            model.create(preset, name.getText(), baseUrl.getText(), apiBaseUrl.getText(), problems -> {
                nameError.set("");
                urlError.set("");
                apiError.set("");
                other.setText("");
                if (problems.isEmpty()) {
                    dialog.setResult(create);
                    dialog.close();
                    return;
                }
                for (FieldProblem problem : problems) {
                    switch (problem.field()) {
                        case "name" -> nameError.set(problem.message());
                        case "baseUrl" -> urlError.set(problem.message());
                        case "apiBaseUrl" -> apiError.set(problem.message());
                        default -> other.setText(problem.message());
                    }
                }
            });
        });
        dialog.show();
        baseUrl.requestFocus();
    }

    private void cloneDialog(Environment source) {
        javafx.scene.control.TextInputDialog dialog = new javafx.scene.control.TextInputDialog(source.name() + " copy");
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle("Clone environment");
        dialog.setHeaderText("Clone " + source.name() + " (secret values are not copied)");
        dialog.setContentText("New name");
        dialog.showAndWait().ifPresent(newName -> model.cloneAs(newName, problems -> {
            if (!problems.isEmpty()) {
                model.messageProperty().set(problems.get(0).message());
            }
        }));
    }

    private void deleteDialog(Environment environment) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle("Delete environment");
        dialog.setHeaderText("Delete " + environment.name() + "?");
        ButtonType delete = new ButtonType("Delete " + environment.name(), javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(delete, ButtonType.CANCEL);
        TextField typed = new TextField();
        typed.setId("env-delete-confirm");
        Label explain = new Label("Its variables, auth profiles and recorded logins go with it. Type the name, "
                + environment.name() + ", to confirm.");
        explain.setWrapText(true);
        Label refusal = new Label();
        refusal.getStyleClass().add("field-error");
        VBox content = new VBox(10, explain, typed, refusal);
        content.setPrefWidth(420);
        dialog.getDialogPane().setContent(content);
        Button ok = (Button) dialog.getDialogPane().lookupButton(delete);
        ok.getStyleClass().add(Styles.DANGER);
        ok.disableProperty().bind(typed.textProperty().isNotEqualTo(environment.name().value()));
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            event.consume();
            model.delete(typed.getText(), problem -> {
                if (problem.isEmpty()) {
                    dialog.setResult(delete);
                    dialog.close();
                } else {
                    refusal.setText(problem);
                }
            });
        });
        dialog.show();
    }

    private void exportDialog(Environment environment) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + environment.name());
        chooser.setInitialFileName(environment.name().value().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                + ".json");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            model.exportTo(file.toPath());
        }
    }

    private void importDialog() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import an environment");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        File file = chooser.showOpenDialog(root.getScene().getWindow());
        if (file != null) {
            importFile(file.toPath());
        }
    }

    /** Imports a file; every problem is listed with its field and nothing changes when there is one. */
    void importFile(java.nio.file.Path file) {
        model.importFrom(file, problems -> {
            if (problems.isEmpty()) {
                return;
            }
            javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR);
            alert.initOwner(root.getScene().getWindow());
            alert.setTitle("Import refused");
            alert.setHeaderText(file.getFileName() + " was not imported: nothing changed");
            ListView<String> listed = new ListView<>();
            listed.setId("env-import-problems");
            listed.getItems().setAll(problems.stream().map(p -> (p.field().isEmpty() ? "" : p.field() + ": ") + p.message())
                    .toList());
            listed.setPrefHeight(Math.min(320, 30 + 26 * problems.size()));
            alert.getDialogPane().setContent(listed);
            alert.show();
        });
    }

    // ------------------------------------------------------------------ pieces

    private void field(TextField field, String id, java.util.function.Function<String, UnaryOperator<EnvironmentDraft>> change) {
        field.setId(id);
        field.setDisable(!model.canEdit());
        field.textProperty().addListener((obs, old, text) -> {
            if (!filling) {
                model.update(change.apply(text));
            }
        });
    }

    private void toggle(ToggleSwitch toggle, String id, java.util.function.Function<Boolean, UnaryOperator<EnvironmentDraft>> change) {
        toggle.setId(id);
        toggle.setDisable(!model.canEdit());
        toggle.selectedProperty().addListener((obs, old, on) -> {
            if (!filling) {
                model.update(change.apply(on));
            }
        });
    }

    private StringBinding error(String field) {
        return Bindings.createStringBinding(() -> model.problem(field), model.problems());
    }

    private static Label error(StringBinding text) {
        Label label = new Label();
        label.getStyleClass().add("field-error");
        label.setWrapText(true);
        label.textProperty().bind(text);
        label.visibleProperty().bind(text.isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private static VBox card(String title, Node content) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_4);
        VBox card = new VBox(10, heading, content);
        card.getStyleClass().add("card");
        return card;
    }

    /**
     * One environment in the list: swatch, name, production mark, the active one marked. The nodes are made once per
     * cell and only their texts change, so switching environments styles nothing new.
     */
    private final class EnvironmentCell extends ListCell<EnvironmentSummary> {
        private final Region swatch = EnvironmentBadges.swatch();
        private final Label name = new Label();
        private final Label preset = new Label();
        private final Label mark = new Label();
        private final Label activeLabel = new Label("active");
        private final HBox row;
        private final javafx.beans.value.ChangeListener<EnvironmentSummary> activeListener = (obs, old, now) -> showActive();

        EnvironmentCell() {
            name.getStyleClass().add(Styles.TEXT_BOLD);
            preset.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            activeLabel.getStyleClass().addAll(Styles.SUCCESS, Styles.TEXT_SMALL);
            VBox text = new VBox(1, name, preset);
            HBox.setHgrow(text, Priority.ALWAYS);
            row = new HBox(8, swatch, text, mark, activeLabel);
            row.setAlignment(Pos.CENTER_LEFT);
            model.environments().activeProperty().addListener(new javafx.beans.value.WeakChangeListener<>(activeListener));
        }

        @Override
        protected void updateItem(EnvironmentSummary environment, boolean empty) {
            super.updateItem(environment, empty);
            setText(null);
            if (empty || environment == null) {
                setGraphic(null);
                return;
            }
            EnvironmentBadges.paint(swatch, environment);
            name.setText(environment.name().value());
            preset.setText(environment.preset().label());
            EnvironmentBadges.paintMark(mark, environment);
            showActive();
            setGraphic(row);
        }

        private void showActive() {
            EnvironmentSummary item = getItem();
            activeLabel.setVisible(item != null && model.environments().active().map(a -> a.id() == item.id()).orElse(false));
        }
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        model.environments().reload();
    }

    @Override
    public void save() {
        model.save();
    }

    @Override
    public void changed(Change change) {
        // the shell's ActiveEnvironment reloads; an open draft keeps its edits and a later save reports a conflict
        if (change.isEnvironmentChange() && change.concerns(context.project().id()) && !model.dirtyProperty().get()) {
            model.environments().details(model.storedProperty().get() == null ? -1 : model.storedProperty().get().id());
        }
    }

    @Override
    public void dispose() {
        model.environments().environments().removeListener(environmentsChanged);
        model.environments().activeProperty().removeListener(activeChanged);
        model.dispose();
        model.preview().clear();
    }
}
