package io.qodex.app.credentials;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Page;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.domain.live.Change;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.StoredKey;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** {@code /p/{slug}/byok}: the project's own LLM key. Only the last four characters are ever shown. */
public final class ByokView implements SectionView {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final SectionContext context;
    private final ByokViewModel model;
    private final ScrollPane root;

    public ByokView(SectionContext context) {
        this.context = context;
        this.model = new ByokViewModel(context.workspace(), context.project(), context.shell());

        Label message = new Label();
        message.setId("byok-message");
        message.setWrapText(true);
        message.getStyleClass().add("field-ok");
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        VBox page = new VBox(18, Page.header("LLM key (BYOK)", "Bring your own key: the project's LLM calls use it "
                + "directly, with no platform caps. Without one, calls are platform-funded within the project's caps."),
                message, stateCard());
        if (model.admin()) {
            page.getChildren().add(formCard());
        } else {
            Label note = new Label("Only Admins of " + context.project().name() + " can set, replace or remove the key.",
                    Icons.of(Feather.LOCK));
            note.getStyleClass().add(Styles.TEXT_MUTED);
            page.getChildren().add(note);
        }
        root = Page.scrolling(page, 720);
        model.load();
    }

    private Node stateCard() {
        Label heading = new Label("Current key");
        heading.getStyleClass().add(Styles.TITLE_4);
        GridPane grid = new GridPane();
        grid.setId("byok-state");
        grid.getStyleClass().add("key-value-grid");
        grid.setHgap(18);
        grid.setVgap(4);
        Label none = new Label("No key of its own: platform-funded.");
        none.setId("byok-none");
        Runnable update = () -> {
            grid.getChildren().clear();
            Optional<StoredKey> stored = model.storedProperty().get();
            if (!model.loadedProperty().get()) {
                grid.add(new Label("Loading…"), 0, 0);
            } else if (stored.isEmpty()) {
                grid.add(none, 0, 0, 2, 1);
            } else {
                StoredKey key = stored.get();
                row(grid, 0, "Provider", key.provider().label());
                Label last = row(grid, 1, "Key", "••••••••" + key.lastFour());
                last.setId("byok-last-four");
                last.getStyleClass().add("masked");
                row(grid, 2, "Set by", key.setBy());
                row(grid, 3, "Set at", WHEN.format(key.setAt()));
                row(grid, 4, "Funding", "BYOK: calls use this key and are not capped");
            }
        };
        model.storedProperty().addListener((obs, old, now) -> update.run());
        model.loadedProperty().addListener((obs, old, now) -> update.run());
        update.run();
        Button remove = new Button("Remove key", Icons.of(Feather.TRASH_2));
        remove.setId("byok-remove");
        remove.getStyleClass().add(Styles.DANGER);
        remove.visibleProperty().bind(Bindings.createBooleanBinding(() -> model.admin()
                && model.storedProperty().get().isPresent(), model.storedProperty()));
        remove.managedProperty().bind(remove.visibleProperty());
        remove.disableProperty().bind(model.busyProperty());
        remove.setOnAction(e -> {
            if (Dialogs.confirm(remove, "Remove the key of " + context.project().name(), "Its LLM calls become "
                    + "platform-funded and count against the project's caps.", "Remove key")) {
                model.remove();
            }
        });
        VBox card = new VBox(10, heading, grid, remove);
        card.getStyleClass().add("card");
        return card;
    }

    private static Label row(GridPane grid, int row, String key, String value) {
        Label name = new Label(key);
        name.getStyleClass().add("key");
        Label content = new Label(value);
        grid.add(name, 0, row);
        grid.add(content, 1, row);
        return content;
    }

    private Node formCard() {
        Label heading = new Label();
        heading.getStyleClass().add(Styles.TITLE_4);
        heading.textProperty().bind(Bindings.createStringBinding(() -> model.storedProperty().get().isPresent()
                ? "Replace the key" : "Set a key", model.storedProperty()));
        ToggleGroup providers = new ToggleGroup();
        HBox providerRow = new HBox(16);
        for (LlmProvider provider : LlmProvider.values()) {
            RadioButton option = new RadioButton(provider.live() ? provider.label() : provider.label() + " (planned)");
            option.setId("byok-provider-" + provider.code());
            option.setToggleGroup(providers);
            option.setUserData(provider);
            option.setDisable(!provider.live());
            if (!provider.live()) {
                option.setTooltip(new Tooltip(provider.label() + " keys are on the roadmap; only OpenAI works today."));
            }
            option.setSelected(provider == model.providerProperty().get());
            providerRow.getChildren().add(option);
        }
        providers.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.providerProperty().set((LlmProvider) now.getUserData());
            }
        });
        PasswordField key = new PasswordField();
        key.setId("byok-key");
        key.setPromptText("sk-…");
        key.textProperty().bindBidirectional(model.keyProperty());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(14, 14);
        Button save = new Button("Validate and save");
        save.setId("byok-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.graphicProperty().bind(Bindings.when(model.busyProperty()).then((Node) spinner).otherwise((Node) Icons.of(Feather.SHIELD)));
        save.disableProperty().bind(Bindings.or(model.busyProperty(), model.keyProperty().isEmpty()));
        save.textProperty().bind(Bindings.when(model.busyProperty())
                .then(Bindings.concat("Checking with ", Bindings.createStringBinding(
                        () -> model.providerProperty().get().label(), model.providerProperty()), "…"))
                .otherwise("Validate and save"));
        save.setOnAction(e -> model.validateAndSave());
        key.setOnAction(e -> save.fire());
        Label note = new Label("The key is checked with the provider first (a rejected key is not saved), then stored "
                + "encrypted with the project key: the database never holds it in clear.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox card = new VBox(12, heading, new VBox(4, fieldLabel("Provider"), providerRow),
                new FormField("API key", key, model.keyErrorProperty()), new HBox(10, save), note);
        card.getStyleClass().add("card");
        providerRow.setAlignment(Pos.CENTER_LEFT);
        return card;
    }

    private static Label fieldLabel(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        return label;
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
        if (change.table().equals("byok_credentials") && change.projectId().isPresent()
                && change.projectId().getAsLong() == context.project().id()) {
            model.load();
        }
    }

    @Override
    public void dispose() {
        model.keyProperty().set("");
    }
}
