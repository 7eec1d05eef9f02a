package io.qodex.app.organization;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Tables;
import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.ModelPrice;
import io.qodex.domain.llm.StoredKey;
import io.qodex.domain.llm.TokenRate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The organization's LLM settings, for org admins: the platform key that funds projects without a key of their own
 * (validated with the provider before it is saved; only its last four characters are shown), and the price table
 * every call is costed from (a new price is valid from today; history is kept).
 */
public final class OrganizationDialog {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final Workspace workspace;
    private final Label keyState = new Label("Loading…");
    private final Label keyMessage = new Label();
    private final Button removeKey = new Button("Remove platform key", Icons.of(Feather.TRASH_2));
    private final TableView<ModelPrice> prices = new TableView<>();
    private final Label priceMessage = new Label();

    private OrganizationDialog(Workspace workspace) {
        this.workspace = workspace;
    }

    public static void show(Node owner, Workspace workspace) {
        OrganizationDialog content = new OrganizationDialog(workspace);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle("Organization LLM settings");
        dialog.setHeaderText("Platform key and prices of the organization");
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        TabPane tabs = new TabPane(new Tab("Platform key", content.keyTab()), new Tab("Prices", content.pricesTab()));
        tabs.setId("org-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefSize(760, 460);
        dialog.getDialogPane().setContent(tabs);
        dialog.getDialogPane().setMinWidth(800);
        dialog.getDialogPane().setPrefWidth(800);
        dialog.setResizable(true);
        content.loadKey();
        content.loadPrices();
        dialog.show();
    }

    // ------------------------------------------------------------------ platform key

    private Node keyTab() {
        keyState.setId("org-key-state");
        keyState.setWrapText(true);
        keyMessage.setId("org-key-message");
        keyMessage.setWrapText(true);
        PasswordField key = new PasswordField();
        key.setId("org-key");
        key.setPromptText("sk-…");
        Label keyError = new Label();
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.setVisible(false);
        Button save = new Button("Validate and save", Icons.of(Feather.SHIELD));
        save.setId("org-key-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(key.textProperty().isEmpty().or(busy.visibleProperty()));
        save.setOnAction(e -> {
            Secret secret = Secret.copyOf(key.getText());
            busy.setVisible(true);
            message(keyMessage, "", false);
            Tasks.run(() -> {
                        try (secret) {
                            return workspace.llmKeys().setPlatformKey(LlmProvider.OPENAI, secret);
                        }
                    })
                    .onSuccess(saved -> {
                        key.clear();
                        showKey(Optional.of(saved));
                        message(keyMessage, "OpenAI accepted the key; it is saved, ending in " + saved.lastFour() + ".", false);
                    })
                    .onError(problem -> message(keyMessage, problem.getMessage(), true))
                    .onFinally(() -> busy.setVisible(false))
                    .start();
        });
        key.setOnAction(e -> save.fire());
        removeKey.setId("org-key-remove");
        removeKey.getStyleClass().add(Styles.DANGER);
        removeKey.setVisible(false);
        removeKey.setOnAction(e -> {
            if (Dialogs.confirm(removeKey, "Remove the platform key", "Projects without a key of their own can no "
                    + "longer call an LLM until a new platform key is set.", "Remove key")) {
                Tasks.run(() -> workspace.llmKeys().removePlatformKey())
                        .onSuccess(removed -> {
                            showKey(Optional.empty());
                            message(keyMessage, "Removed the platform key.", false);
                        })
                        .onError(problem -> message(keyMessage, problem.getMessage(), true))
                        .start();
            }
        });
        Label note = new Label("Projects without a BYOK key use this key (platform-funded, within their caps). It is "
                + "checked with OpenAI first and stored encrypted with the organization key.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox actions = new HBox(10, save, busy);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(12, keyState, removeKey, new FormField("New platform key (OpenAI)", key,
                keyError.textProperty()), actions, keyMessage, note);
        box.setStyle("-fx-padding: 14 4 4 4;");
        return box;
    }

    private void loadKey() {
        Tasks.run(() -> workspace.llmKeys().platformKey())
                .onSuccess(this::showKey)
                .onError(problem -> message(keyMessage, problem.getMessage(), true))
                .start();
    }

    private void showKey(Optional<StoredKey> stored) {
        keyState.setText(stored.map(k -> "Platform key: " + k.provider().label() + ", ••••••••" + k.lastFour() + ", set by "
                + k.setBy() + " at " + WHEN.format(k.setAt()) + ".").orElse("No platform key: projects without a key "
                + "of their own cannot call an LLM."));
        removeKey.setVisible(stored.isPresent());
    }

    // ------------------------------------------------------------------ prices

    private Node pricesTab() {
        prices.setId("org-prices");
        prices.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        prices.setPlaceholder(new Label("Loading prices…"));
        prices.getColumns().setAll(List.of(Tables.text("Model", 160, ModelPrice::model),
                Tables.text("Input", 80, p -> p.input().display()), Tables.text("Output", 80, p -> p.output().display()),
                Tables.text("Cached input", 120, p -> p.cachedInput().display()),
                Tables.text("Valid from", 100, p -> p.validFrom().toString())));
        VBox.setVgrow(prices, Priority.ALWAYS);
        TextField model = field("org-price-model", "gpt-4o-mini", 11);
        TextField input = field("org-price-input", "0.15", 5);
        TextField output = field("org-price-output", "0.60", 5);
        TextField cached = field("org-price-cached", "= input", 5);
        prices.getSelectionModel().selectedItemProperty().addListener((obs, old, price) -> {
            if (price != null) {
                model.setText(price.model());
                input.setText(price.input().usdPerMillion().stripTrailingZeros().toPlainString());
                output.setText(price.output().usdPerMillion().stripTrailingZeros().toPlainString());
                cached.setText(price.cachedInput().usdPerMillion().stripTrailingZeros().toPlainString());
            }
        });
        Button save = new Button("Set price", Icons.of(Feather.SAVE));
        save.setId("org-price-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(model.textProperty().isEmpty().or(input.textProperty().isEmpty())
                .or(output.textProperty().isEmpty()));
        save.setOnAction(e -> {
            String name = model.getText().strip();
            TokenRate in;
            TokenRate out;
            Optional<TokenRate> cachedRate;
            try {
                in = TokenRate.parseUsdPerMillion(input.getText());
                out = TokenRate.parseUsdPerMillion(output.getText());
                cachedRate = cached.getText().isBlank() ? Optional.empty()
                        : Optional.of(TokenRate.parseUsdPerMillion(cached.getText()));
            } catch (QodexException problem) {
                message(priceMessage, problem.getMessage(), true);
                return;
            }
            Tasks.run(() -> workspace.llm().prices().set(LlmProvider.OPENAI, name, in, out, cachedRate))
                    .onSuccess(price -> {
                        message(priceMessage, price.model() + ": input " + price.input().display() + ", output "
                                + price.output().display() + ", cached input " + price.cachedInput().display()
                                + " per million tokens from " + price.validFrom() + ".", false);
                        loadPrices();
                    })
                    .onError(problem -> message(priceMessage, problem.getMessage(), true))
                    .start();
        });
        priceMessage.setId("org-price-message");
        priceMessage.setWrapText(true);
        HBox form = new HBox(8, labelled("Model", model), labelled("Input $/M", input), labelled("Output $/M", output),
                labelled("Cached $/M", cached), labelled(" ", save));
        form.setAlignment(Pos.BOTTOM_LEFT);
        Label note = new Label("USD per million tokens. A new price applies from today; calls already logged keep "
                + "their cost.");
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setWrapText(true);
        VBox box = new VBox(10, prices, form, priceMessage, note);
        box.setStyle("-fx-padding: 14 4 4 4;");
        return box;
    }

    private void loadPrices() {
        Tasks.run(() -> workspace.llm().prices().current())
                .onSuccess(current -> {
                    prices.getItems().setAll(current);
                    prices.setPlaceholder(new Label("No prices: every call would be refused for want of one."));
                })
                .onError(problem -> message(priceMessage, problem.getMessage(), true))
                .start();
    }

    private static TextField field(String id, String prompt, int columns) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(columns);
        return field;
    }

    private static VBox labelled(String text, Node input) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        if (input instanceof javafx.scene.control.Control control) {
            control.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        return new VBox(4, label, input);
    }

    private static void message(Label label, String text, boolean problem) {
        label.setText(text);
        label.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
        if (!text.isEmpty()) {
            label.getStyleClass().add(problem ? Styles.DANGER : Styles.SUCCESS);
        }
    }
}
