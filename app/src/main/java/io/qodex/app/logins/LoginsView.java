package io.qodex.app.logins;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.qodex.app.common.EmptyState;
import io.qodex.app.common.FileDialogs;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Page;
import io.qodex.app.environments.EnvironmentBadges;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.app.common.UnsavedChanges;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.login.LoginAction;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.WeakListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * {@code /p/{slug}/logins}: the recorded UI login of an auth profile: steps, record, replay with progress, session
 * freshness, check and export.
 */
public final class LoginsView implements SectionView {

    private final SectionContext context;
    private final LoginsViewModel model;
    private final VBox root;
    private final Runnable stopGuarding;
    private final ListChangeListener<EnvironmentSummary> environmentsShown;
    private final ListChangeListener<EnvironmentSummary> environmentsReplaced;

    public LoginsView(SectionContext context) {
        this.context = context;
        this.model = new LoginsViewModel(context.workspace(), context.project(), context.shell());
        this.stopGuarding = context.shell().environments().guard(this::mayChoose);

        ComboBox<EnvironmentSummary> environment = new ComboBox<>(FXCollections.observableArrayList(model.environments()));
        environment.setId("logins-environment");
        // not bound to the shell's list or both ways to the model: the shell replaces the list's items whenever an
        // environment changes (a save, a live change), and the combo then clears its value (for good when the same
        // environment is at the same place); that must neither unload the login shown nor blank the chooser
        environment.setValue(model.environmentProperty().get());
        environment.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.choose(now);
            }
        });
        model.environmentProperty().addListener((obs, old, now) -> environment.setValue(now));
        environmentsReplaced = change -> {
            environment.getItems().setAll(model.environments());
            environment.setValue(model.environmentProperty().get());
        };
        model.environments().addListener(new WeakListChangeListener<>(environmentsReplaced));
        environment.setCellFactory(view -> new EnvironmentCell());
        environment.setButtonCell(new EnvironmentCell());
        ComboBox<String> profile = new ComboBox<>(model.profiles());
        profile.setId("logins-profile");
        profile.valueProperty().bindBidirectional(model.profileProperty());
        profile.setPromptText("auth profile");
        Label freshness = new Label();
        freshness.setId("logins-freshness");
        freshness.getStyleClass().add("env-badge");
        freshness.textProperty().bind(Bindings.concat("session: ", model.freshnessProperty()));
        ProgressIndicator progress = new ProgressIndicator(); // while a browser job or a save runs
        progress.setId("logins-progress");
        progress.setPrefSize(18, 18);
        progress.setMinSize(18, 18);
        progress.visibleProperty().bind(Bindings.or(model.busyProperty(), model.recordingProperty()));
        Hyperlink addProfile = new Hyperlink("Add an auth profile…");
        addProfile.setId("logins-add-profile");
        addProfile.setMnemonicParsing(false);
        addProfile.setTooltip(new Tooltip("Environments → Auth profiles of this environment"));
        addProfile.visibleProperty().bind(model.missingProfile().missingProperty());
        addProfile.managedProperty().bind(addProfile.visibleProperty());
        addProfile.setOnAction(e -> model.missingProfile().open());
        HBox chooser = new HBox(10, label("Environment"), environment, label("Profile"), profile, addProfile, freshness,
                progress);
        chooser.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("logins-message");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE); // all its lines: the steps card gives way instead (a failure's
        // reason was cut to one line, hiding what the page said)
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        model.messageIsProblemProperty().addListener((obs, was, problem) -> {
            if (problem) {
                message.getStyleClass().add(Styles.DANGER);
            } else {
                message.getStyleClass().remove(Styles.DANGER);
            }
        });

        VBox steps = stepsCard();
        HBox.setHgrow(steps, Priority.ALWAYS);
        steps.setMinWidth(0);
        steps.setPrefWidth(560);
        Node replay = replayCard();
        VBox.setVgrow(replay, Priority.ALWAYS); // its log takes the height left: the column ends where Steps ends
        VBox cards = new VBox(12, replay, sessionCard());
        // the cards scroll rather than push the whole window taller than the screen (the top bar went off-screen)
        ScrollPane side = new ScrollPane(cards);
        side.setFitToWidth(true);
        side.setFitToHeight(true);
        side.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        side.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        side.setPrefWidth(340);
        side.setMinWidth(300);
        side.setMaxWidth(390);
        HBox body = new HBox(14, steps, side);
        VBox.setVgrow(body, Priority.ALWAYS);

        List<Node> page = List.of(Page.header("Logins", "Record the UI login of an auth profile once in a real browser; "
                + "replay it headless to capture a fresh session (stored encrypted) for UI tests."), chooser, message, body);
        List<Node> empty = List.of(Page.header("Logins", "Recorded UI logins of the project's auth profiles."),
                new EmptyState(Feather.LOG_IN, "No environment yet", "A login belongs to an auth profile of an "
                        + "environment: create an environment and an auth profile first (Environments)."));
        root = new VBox(12);
        // the project's environments may still be loading when the section opens: show the page once they are there
        Runnable show = () -> root.getChildren().setAll(model.environments().isEmpty() ? empty : page);
        environmentsShown = change -> show.run();
        model.environments().addListener(new WeakListChangeListener<>(environmentsShown));
        show.run();
    }

    private VBox stepsCard() {
        TableView<StepRow> table = new TableView<>(model.steps());
        table.setId("logins-steps");
        table.setEditable(model.canEdit());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No steps: press Record, or add them by hand."));
        table.setPrefWidth(480);
        table.setMinWidth(0);
        TableColumn<StepRow, StepRow> number = new TableColumn<>("#");
        number.setCellValueFactory(row -> new javafx.beans.property.ReadOnlyObjectWrapper<>(row.getValue()));
        number.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(StepRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty ? null : Integer.toString(getIndex() + 1));
            }
        });
        number.setMaxWidth(40);
        number.setMinWidth(36); // "#" stays readable when the other columns take their minimum
        TableColumn<StepRow, StepRow> action = new TableColumn<>("Action");
        action.setCellValueFactory(row -> new javafx.beans.property.ReadOnlyObjectWrapper<>(row.getValue()));
        action.setCellFactory(column -> new ActionCell());
        action.setPrefWidth(125);
        action.setMinWidth(110);
        TableColumn<StepRow, StepRow> timeout = textColumn("Timeout", r -> r.timeout, 96);
        timeout.setMinWidth(headerWidth("Timeout")); // the header was cut to "Tim…" on a narrow window
        table.getColumns().setAll(List.of(number, action, textColumn("Selector", r -> r.selector, 200),
                textColumn("Value", r -> r.value, 170), timeout, statusColumn()));
        VBox.setVgrow(table, Priority.ALWAYS);

        Button record = new Button("Record", Icons.of(Feather.CIRCLE));
        record.setId("logins-record");
        record.getStyleClass().add(Styles.DANGER);
        record.setTooltip(new Tooltip("Opens a visible browser at the environment's base URL; log in by hand"));
        record.disableProperty().bind(Bindings.or(model.recordingProperty(), model.busyProperty())
                .or(model.targetLoadedProperty().not())); // no auth profile: nothing to record (the wrapper says so)
        record.setOnAction(e -> model.record());
        Button stop = new Button("Stop", Icons.of(Feather.SQUARE));
        stop.setId("logins-stop");
        stop.visibleProperty().bind(model.recordingProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.setOnAction(e -> model.stopRecording());
        Button add = Icons.button(Feather.PLUS, "Add a step after the selected one");
        add.setOnAction(e -> model.addStep(table.getSelectionModel().getSelectedIndex()));
        Button remove = Icons.button(Feather.TRASH_2, "Delete the selected step");
        remove.setOnAction(e -> model.removeStep(table.getSelectionModel().getSelectedIndex()));
        Button up = Icons.button(Feather.ARROW_UP, "Move the selected step up");
        up.setOnAction(e -> {
            int index = table.getSelectionModel().getSelectedIndex();
            model.move(index, -1);
            table.getSelectionModel().select(Math.max(0, index - 1));
        });
        Button down = Icons.button(Feather.ARROW_DOWN, "Move the selected step down");
        down.setOnAction(e -> {
            int index = table.getSelectionModel().getSelectedIndex();
            model.move(index, 1);
            table.getSelectionModel().select(Math.min(model.steps().size() - 1, index + 1));
        });
        Button pick = Icons.button(Feather.CROSSHAIR, "Pick element: click it in a live page to take its selector");
        pick.setOnAction(e -> {
            var row = table.getSelectionModel().getSelectedItem();
            if (row != null) {
                model.pick(row);
            }
        });
        Button highlight = Icons.button(Feather.EYE, "Highlight what the selected step's selector matches in a live page");
        highlight.setOnAction(e -> {
            var row = table.getSelectionModel().getSelectedItem();
            if (row != null) {
                model.highlight(row);
            }
        });
        Button save = new Button("Save steps", Icons.of(Feather.SAVE));
        save.setId("logins-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.setTooltip(new Tooltip("Save the steps (Ctrl+S)"));
        save.disableProperty().bind(Bindings.or(model.busyProperty(), model.dirtyProperty().not()));
        save.setOnAction(e -> model.saveSteps());
        // a narrow window wraps Save onto a second row instead of cutting it to "…"
        javafx.scene.layout.FlowPane toolbar = new javafx.scene.layout.FlowPane(6, 6, explained(record,
                "logins-record-why"), stop, add, remove, up, down, pick, highlight, save);
        toolbar.getChildren().forEach(child -> ((Region) child).setMinWidth(Region.USE_PREF_SIZE));
        javafx.scene.layout.FlowPane.setMargin(save, new javafx.geometry.Insets(0, 0, 0, 12));
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setDisable(!model.canEdit());
        return card("Steps", toolbar, table);
    }

    private TableColumn<StepRow, StepRow> textColumn(String title,
            Function<StepRow, StringProperty> property, double width) {
        TableColumn<StepRow, StepRow> column = new TableColumn<>(title);
        column.setCellValueFactory(row -> new javafx.beans.property.ReadOnlyObjectWrapper<>(row.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            private final TextField field = new TextField();
            private StringProperty bound;

            { // one listener per cell, not one more per row it shows
                field.textProperty().addListener((obs, old, now) -> {
                    if (bound != null && !now.equals(old) && field.isFocused()) {
                        model.edited();
                    }
                });
            }

            @Override
            protected void updateItem(StepRow row, boolean empty) {
                super.updateItem(row, empty);
                if (bound != null) {
                    field.textProperty().unbindBidirectional(bound);
                    bound = null;
                }
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                bound = property.apply(row);
                field.textProperty().bindBidirectional(bound);
                field.setEditable(model.canEdit());
                setGraphic(field);
            }
        });
        column.setPrefWidth(width);
        column.setMinWidth(Math.min(width, 90)); // room for the whole Timeout and Last replay titles
        return column;
    }

    /** A column wide enough for its whole title (the header's font, its padding and room for the sort arrow). */
    private static double headerWidth(String title) {
        javafx.scene.text.Text measured = new javafx.scene.text.Text(title);
        measured.setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(),
                javafx.scene.text.FontWeight.BOLD, Math.max(14, javafx.scene.text.Font.getDefault().getSize())));
        return Math.ceil(measured.getLayoutBounds().getWidth()) + 36;
    }

    private TableColumn<StepRow, StepRow> statusColumn() {
        TableColumn<StepRow, StepRow> column = new TableColumn<>("Last replay");
        column.setCellValueFactory(row -> new javafx.beans.property.ReadOnlyObjectWrapper<>(row.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(StepRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                Label text = new Label();
                text.setWrapText(true);
                text.textProperty().bind(Bindings.when(row.problem.isNotEmpty()).then(row.problem).otherwise(row.status));
                Tooltip whole = new Tooltip(); // a failure's reason is longer than the column
                whole.setWrapText(true);
                whole.setMaxWidth(480);
                whole.textProperty().bind(text.textProperty());
                text.tooltipProperty().bind(Bindings.when(row.problem.isNotEmpty()).then(whole).otherwise((Tooltip) null));
                text.getStyleClass().add(Styles.TEXT_SMALL);
                Runnable style = () -> text.getStyleClass().setAll("label", Styles.TEXT_SMALL,
                        row.problem.get().isEmpty() ? "label" : "field-error");
                text.textProperty().addListener((obs, old, now) -> style.run());
                style.run();
                setGraphic(text);
            }
        });
        column.setPrefWidth(120);
        column.setMinWidth(Math.max(100, headerWidth("Last replay")));
        return column;
    }

    private Node replayCard() {
        Button replay = new Button("Replay and capture", Icons.of(Feather.PLAY));
        replay.setId("logins-replay");
        replay.getStyleClass().add(Styles.ACCENT);
        replay.disableProperty().bind(Bindings.or(model.busyProperty(), model.recordingProperty())
                .or(Bindings.isEmpty(model.steps())) // nothing recorded yet: record first
                .or(model.targetLoadedProperty().not())
                .or(new javafx.beans.property.SimpleBooleanProperty(!model.canEdit())));
        replay.setOnAction(e -> model.replay());
        ListView<String> log = new ListView<>(model.log());
        log.setId("logins-log");
        log.setPrefHeight(150);
        VBox.setVgrow(log, Priority.ALWAYS);
        log.setMinHeight(110);
        log.setPrefWidth(300);
        log.setPlaceholder(new Label("The live log of a replay appears here."));
        ImageView shot = new ImageView();
        shot.setId("logins-screenshot");
        shot.setFitWidth(300);
        shot.setPreserveRatio(true);
        model.screenshotProperty().addListener((obs, old, png) ->
                shot.setImage(png == null ? null : new Image(new ByteArrayInputStream(png))));
        Label caption = new Label("The page where the browser ended:");
        caption.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        caption.visibleProperty().bind(shot.imageProperty().isNotNull());
        caption.managedProperty().bind(caption.visibleProperty());
        shot.managedProperty().bind(caption.visibleProperty());
        return card("Replay", explained(replay, "logins-replay-why"), log, caption, shot);
    }

    private Node sessionCard() {
        TextField url = new TextField();
        url.setId("logins-check-url");
        url.textProperty().bindBidirectional(model.checkUrlProperty());
        url.setPromptText("where the recorded login ended");
        TextField check = new TextField();
        check.setId("logins-logged-in-check");
        check.setPromptText("e.g. url:**/dashboard");
        Label checkHint = new Label("url:<pattern> — the page reached matches (url:**/dashboard); selector:<css> — an "
                + "element only a logged-in user sees is visible (selector:#logout); empty — what the recorded login "
                + "waited for last, checked where it ended (without a wait step: no password field shows).");
        checkHint.setId("logins-logged-in-hint");
        checkHint.setWrapText(true);
        checkHint.setMinHeight(Region.USE_PREF_SIZE);
        checkHint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        check.textProperty().bindBidirectional(model.loggedInCheckProperty());
        Button checkButton = new Button("Check", Icons.of(Feather.SHIELD));
        checkButton.setTooltip(new Tooltip("Check session: does the stored session still land logged in?"));
        checkButton.setId("logins-check");
        checkButton.disableProperty().bind(model.busyProperty());
        checkButton.setOnAction(e -> model.checkSession());
        Button export = new Button("Export…", Icons.of(Feather.DOWNLOAD));
        export.setId("logins-export");
        export.setTooltip(new Tooltip("A Playwright storageState file: it logs anyone who has it in. Keep it private."));
        export.setOnAction(e -> FileDialogs.saveAs(root.getScene().getWindow(), "Export the session (it grants access)",
                "storage-state.json", "Playwright storageState", "*.json").ifPresent(model::export));
        checkButton.setMaxWidth(Double.MAX_VALUE);
        export.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(checkButton, Priority.ALWAYS);
        HBox.setHgrow(export, Priority.ALWAYS);
        return card("Session", label("Check on"), url, label("Logged in when"), check, checkHint,
                new HBox(8, checkButton, export));
    }

    /**
     * A disabled button shows no tooltip: while the environment has no auth profile, its wrapper says why the button
     * is off (also as accessible help).
     */
    private Node explained(Button button, String id) {
        StackPane wrapper = new StackPane(button);
        wrapper.setId(id);
        wrapper.setAlignment(Pos.CENTER_LEFT);
        wrapper.setMinWidth(Region.USE_PREF_SIZE);
        Tooltip why = new Tooltip();
        why.setWrapText(true);
        why.setMaxWidth(360);
        why.textProperty().bind(model.missingProfile().reasonProperty());
        wrapper.accessibleHelpProperty().bind(model.missingProfile().reasonProperty());
        Runnable install = () -> {
            if (model.missingProfile().missingProperty().get()) {
                Tooltip.install(wrapper, why);
            } else {
                Tooltip.uninstall(wrapper, why);
            }
        };
        model.missingProfile().missingProperty().addListener((obs, was, now) -> install.run());
        install.run();
        return wrapper;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        return label;
    }

    private static VBox card(String title, Node... content) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_4);
        VBox card = new VBox(8, heading);
        card.getChildren().addAll(content);
        card.getStyleClass().add("card");
        return card;
    }

    /** The action drop-down of a step row (the 8 actions of the steps format). */
    private final class ActionCell extends TableCell<StepRow, StepRow> {
        private final ComboBox<String> choice = new ComboBox<>();
        private StringProperty bound;

        ActionCell() {
            choice.getItems().setAll(Arrays.stream(LoginAction.values()).map(LoginAction::jsonName).toList());
            choice.setEditable(true);
            choice.setMaxWidth(Double.MAX_VALUE);
        }

        @Override
        protected void updateItem(StepRow row, boolean empty) {
            super.updateItem(row, empty);
            if (bound != null) {
                choice.valueProperty().unbindBidirectional(bound);
                bound = null;
            }
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            bound = row.action;
            choice.valueProperty().bindBidirectional(bound);
            choice.valueProperty().addListener((obs, old, now) -> {
                if (now != null && !now.equals(old) && choice.isFocused()) {
                    model.edited();
                }
            });
            choice.setDisable(!model.canEdit());
            setGraphic(choice);
        }
    }

    private static final class EnvironmentCell extends ListCell<EnvironmentSummary> {
        @Override
        protected void updateItem(EnvironmentSummary environment, boolean empty) {
            super.updateItem(environment, empty);
            if (empty || environment == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(environment.name().value());
            setGraphic(EnvironmentBadges.swatch(environment));
        }
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        model.reload();
    }

    @Override
    public void save() {
        model.saveSteps();
    }

    /** Leaving with unsaved steps asks Save / Discard / Cancel, like every editor (decision 0024). */
    @Override
    public boolean mayLeave(Runnable proceed) {
        return leave(proceed);
    }

    /**
     * Another active environment (Ctrl+1..9, the switcher, Ctrl+E) would show another login here: unsaved steps are
     * asked about first. While the browser is busy the choice goes through and the page says it stays.
     */
    private boolean mayChoose(EnvironmentSummary next, Runnable proceed) {
        EnvironmentSummary shown = model.environmentProperty().get();
        boolean follows = !model.busyProperty().get() && !model.recordingProperty().get();
        return !follows || (shown != null && shown.id() == next.id()) || leave(proceed);
    }

    private boolean leave(Runnable proceed) {
        if (!model.dirtyProperty().get()) {
            return true;
        }
        EnvironmentSummary shown = model.environmentProperty().get();
        String name = "the login steps of " + model.profileProperty().get()
                + (shown == null ? "" : " (" + shown.name().value() + ")");
        switch (UnsavedChanges.ask(root.getScene() == null ? null : root.getScene().getWindow(), name)) {
            case SAVE -> {
                model.saveSteps(proceed);
                return false;
            }
            case DISCARD -> {
                model.dirtyProperty().set(false); // the environment or page that follows loads the stored steps
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    @Override
    public void dispose() {
        stopGuarding.run();
        model.dispose();
    }
}
