package io.qodex.app.apikeys;

import atlantafx.base.theme.Styles;
import io.qodex.domain.live.Change;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Notices;
import io.qodex.app.common.Page;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.app.common.Tables;
import io.qodex.domain.apikey.ApiKey;
import io.qodex.domain.apikey.ApiKeyScope;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * {@code /p/{slug}/api-keys}: keys for CI jobs ({@code qodex ci env} with QODEX_DB_URL and the key). A new key is
 * shown once, masked until revealed, with Copy; it is wiped on Done and when the page goes.
 */
public final class ApiKeysView implements SectionView {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault());

    private final SectionContext context;
    private final ApiKeysViewModel model;
    private final ScrollPane root;

    public ApiKeysView(SectionContext context) {
        this.context = context;
        this.model = new ApiKeysViewModel(context.workspace(), context.project(), context.shell());
        Label message = Notices.bound("api-keys-message", model.messageProperty(), "field-ok");

        VBox page = new VBox(18, Page.header("API keys", "Keys for CI jobs: with QODEX_DB_URL and a key, \"qodex ci "
                + "env\", \"ci token\" and \"ci storage-state\" read this project's environments, tokens and login "
                + "sessions, within the key's scopes. Each key is a database login of its own, limited to this project."),
                message);
        if (model.mayMint()) {
            page.getChildren().addAll(shownCard(), createCard(), table());
        } else {
            Label note = new Label("Viewers of " + context.project().name() + " cannot see or create API keys; "
                    + "ask a Member or an Admin.", Icons.of(Feather.LOCK));
            note.setId("api-keys-viewer");
            note.setWrapText(true);
            note.getStyleClass().add(Styles.TEXT_MUTED);
            page.getChildren().add(note);
        }
        root = Page.scrolling(page, 980);
        model.load();
    }

    /** The key just made: masked, Reveal, Copy, Done; and the warning that it is shown once. */
    private Node shownCard() {
        Label heading = new Label();
        heading.getStyleClass().add(Styles.TITLE_4);
        TextField key = new TextField();
        key.setId("api-keys-new-key");
        key.setEditable(false);
        key.getStyleClass().add("masked");
        HBox.setHgrow(key, Priority.ALWAYS);
        Button reveal = new Button("Reveal", Icons.of(Feather.EYE));
        reveal.setId("api-keys-reveal");
        Button copy = new Button("Copy", Icons.of(Feather.COPY));
        copy.setId("api-keys-copy");
        copy.getStyleClass().add(Styles.ACCENT);
        Button done = new Button("Done", Icons.of(Feather.CHECK));
        done.setId("api-keys-done");
        Label warning = new Label("Shown once: store it in your CI's secrets now (e.g. QODEX_API_KEY). Whoever has it "
                + "reads this project's environments within its scopes until it expires or is revoked.",
                Icons.of(Feather.ALERT_TRIANGLE));
        warning.setWrapText(true);
        warning.getStyleClass().add(Styles.WARNING);
        boolean[] revealed = {false};
        Runnable update = () -> {
            ApiKeysViewModel.Shown shown = model.shownProperty().get();
            if (shown == null) {
                key.setText("");
                return;
            }
            heading.setText("New key \"" + shown.name() + "\"");
            key.setText(revealed[0] ? shown.key().reveal() : "qdx_" + shown.prefix() + "_" + "•".repeat(24));
            reveal.setText(revealed[0] ? "Hide" : "Reveal");
        };
        model.shownProperty().addListener((obs, old, now) -> {
            revealed[0] = false;
            update.run();
            if (now != null) {
                javafx.application.Platform.runLater(() -> root.setVvalue(0)); // the key, at the top of the page
            }
        });
        reveal.setOnAction(e -> {
            revealed[0] = !revealed[0];
            update.run();
        });
        copy.setOnAction(e -> {
            ApiKeysViewModel.Shown shown = model.shownProperty().get();
            if (shown != null) {
                ClipboardContent content = new ClipboardContent();
                content.putString(shown.key().reveal());
                javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
                copy.setText("Copied");
            }
        });
        done.setOnAction(e -> {
            copy.setText("Copy");
            model.forget();
        });
        HBox row = new HBox(8, key, reveal, copy, done);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(10, heading, row, warning);
        card.setId("api-keys-shown");
        card.getStyleClass().addAll("card", "card-once");
        card.visibleProperty().bind(model.shownProperty().isNotNull());
        card.managedProperty().bind(card.visibleProperty());
        return card;
    }

    private Node createCard() {
        Label heading = new Label("Create a key");
        heading.getStyleClass().add(Styles.TITLE_4);
        TextField name = new TextField();
        name.setId("api-keys-name");
        name.setPromptText("e.g. github-actions");
        name.textProperty().bindBidirectional(model.nameProperty());
        CheckBox envRead = new CheckBox("env:read — environments, plain variables, constraints");
        envRead.setId("api-keys-scope-env-read");
        envRead.selectedProperty().bindBidirectional(model.envReadProperty());
        CheckBox webhooks = new CheckBox("webhooks — reserved for triggering runs (grants nothing yet)");
        webhooks.setId("api-keys-scope-webhooks");
        webhooks.selectedProperty().bindBidirectional(model.webhooksProperty());
        CheckBox secrets = new CheckBox("secrets:read — secret variables and tokens, decrypted");
        secrets.setId("api-keys-scope-secrets-read");
        secrets.selectedProperty().bindBidirectional(model.secretsReadProperty());
        CheckBox sessions = new CheckBox("sessions — replay UI logins, read and store their sessions");
        sessions.setId("api-keys-scope-sessions");
        sessions.selectedProperty().bindBidirectional(model.sessionsProperty());
        Label holds = new Label("Keys with either of these hold the project key: give them to CI you trust with the "
                + "project's secrets.");
        holds.getStyleClass().add(Styles.TEXT_MUTED);
        holds.setWrapText(true);
        holds.visibleProperty().bind(model.secretsReadProperty().or(model.sessionsProperty()));
        holds.managedProperty().bind(holds.visibleProperty());
        ComboBox<ApiKeysViewModel.Lifetime> lifetime = new ComboBox<>();
        lifetime.setId("api-keys-lifetime");
        lifetime.getItems().setAll(ApiKeysViewModel.Lifetime.values());
        lifetime.valueProperty().bindBidirectional(model.lifetimeProperty());
        Button create = new Button("Create key", Icons.of(Feather.PLUS));
        create.setId("api-keys-create");
        create.getStyleClass().add(Styles.ACCENT);
        create.disableProperty().bind(model.busyProperty());
        create.setOnAction(e -> model.create());
        name.setOnAction(e -> create.fire());
        Label expires = new Label("Expires in");
        expires.getStyleClass().add("form-label");
        Label scopes = new Label("Scopes");
        scopes.getStyleClass().add("form-label");
        FlowPane controls = new FlowPane(12, 8, new VBox(4, expires, lifetime), create);
        controls.setAlignment(Pos.BOTTOM_LEFT);
        VBox card = new VBox(12, heading, new FormField("Name", name, model.nameErrorProperty()),
                new VBox(6, scopes, envRead, secrets, sessions, webhooks, holds), controls);
        card.getStyleClass().add("card");
        return card;
    }

    private Node table() {
        TableView<ApiKey> table = new TableView<>(model.keys());
        table.setId("api-keys-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.placeholderProperty().bind(Bindings.when(model.loadedProperty())
                .then((Node) new Label("No API keys yet. Create one above."))
                .otherwise((Node) new Label("Loading keys…")));
        table.setPrefHeight(300);
        Instant now = Instant.now();
        table.getColumns().add(Tables.text("Name", 125, ApiKey::name));
        TableColumn<ApiKey, String> prefix = Tables.text("Prefix", 200, ApiKey::prefix);
        prefix.getStyleClass().add("masked");
        table.getColumns().add(prefix);
        table.getColumns().add(Tables.text("Scopes", 125, key -> key.scopes().stream().map(ApiKeyScope::code)
                .collect(Collectors.joining(", "))));
        table.getColumns().add(Tables.text("Created by", 145, ApiKey::createdBy));
        table.getColumns().add(Tables.text("Last used", 125, key -> key.lastUsedAt().map(WHEN::format).orElse("never")));
        table.getColumns().add(Tables.text("Expires", 92, key -> DAY.format(key.expiresAt())));
        table.getColumns().add(Tables.text("State", 64, key -> key.state(now).name().toLowerCase(Locale.ROOT)));
        TableColumn<ApiKey, ApiKey> actions = new TableColumn<>("");
        actions.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        actions.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(ApiKey key, boolean empty) {
                super.updateItem(key, empty);
                if (empty || key == null || !model.mayChange(key)) {
                    setGraphic(null);
                    return;
                }
                Button rotate = Icons.button(Feather.REFRESH_CW, "Rotate: a new key for the same name, scopes and "
                        + "expiry; the old one stops working at once");
                rotate.setId("api-keys-rotate-" + key.name());
                rotate.disableProperty().bind(model.busyProperty());
                rotate.setOnAction(e -> {
                    if (Dialogs.confirm(rotate, "Rotate \"" + key.name() + "\"?", "The old key stops working at once: "
                            + "CI jobs that use it fail until they get the new one.", "Rotate")) {
                        model.rotate(key);
                    }
                });
                Button revoke = Icons.button(Feather.SLASH, "Revoke: the key is refused from now on");
                revoke.setId("api-keys-revoke-" + key.name());
                revoke.disableProperty().bind(model.busyProperty());
                revoke.setOnAction(e -> {
                    if (Dialogs.confirm(revoke, "Revoke \"" + key.name() + "\"?", "CI jobs that use it are refused "
                            + "from now on. This cannot be undone.", "Revoke")) {
                        model.revoke(key);
                    }
                });
                HBox buttons = new HBox(4, rotate, revoke);
                buttons.setAlignment(Pos.CENTER_LEFT);
                setGraphic(buttons);
            }
        });
        actions.setPrefWidth(76);
        actions.setMinWidth(76);
        actions.setSortable(false);
        table.getColumns().add(actions);
        Tooltip.install(table, new Tooltip("A key's secret is never stored: only its prefix is listed."));
        return table;
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
    public boolean createNew() {
        if (!model.mayMint()) {
            return false;
        }
        root.lookup("#api-keys-name").requestFocus();
        return true;
    }

    @Override
    public void changed(Change change) {
        if (change.touches(context.project().id(), "project_api_keys")) {
            model.load();
        }
    }

    @Override
    public void dispose() {
        model.forget();
    }
}
