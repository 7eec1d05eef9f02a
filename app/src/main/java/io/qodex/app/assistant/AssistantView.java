package io.qodex.app.assistant;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Notices;
import io.qodex.app.common.Page;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.domain.assistant.Chat;
import io.qodex.domain.live.Change;
import io.qodex.domain.llm.LlmMessage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * {@code /p/{slug}/assistant}: chats with the project's model. The project memory goes with every question; the
 * answer streams in; under each answer its model, tokens, cost and who paid. Enter sends (Shift+Enter: new line),
 * Esc stops the answer.
 */
public final class AssistantView implements SectionView {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, HH:mm").withZone(ZoneId.systemDefault());

    private final SectionContext context;
    private final AssistantViewModel model;
    private final VBox root;
    private final VBox messages = new VBox(12);
    private final ScrollPane scroller = new ScrollPane(messages);
    private final TextArea question = new TextArea();

    public AssistantView(SectionContext context) {
        this.context = context;
        this.model = new AssistantViewModel(context.workspace(), context.project());

        Button newChat = new Button("New chat", Icons.of(Feather.PLUS));
        newChat.setId("assistant-new-chat");
        newChat.setMaxWidth(Double.MAX_VALUE);
        newChat.disableProperty().bind(model.askingProperty());
        newChat.setOnAction(e -> {
            model.newChat();
            question.requestFocus();
        });
        ListView<Chat> chats = new ListView<>(model.chats());
        chats.setId("assistant-chats");
        chats.setCellFactory(list -> new ChatCell());
        chats.setPlaceholder(new Label("No chats yet"));
        chats.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && !model.askingProperty().get()) {
                model.chatProperty().set(now);
            }
        });
        model.chatProperty().addListener((obs, old, now) -> {
            if (now == null) {
                chats.getSelectionModel().clearSelection();
            } else if (chats.getSelectionModel().getSelectedItem() == null
                    || chats.getSelectionModel().getSelectedItem().id() != now.id()) {
                chats.getSelectionModel().select(now);
            }
        });
        // a refresh replaces the list's items: keep the open chat selected
        model.chats().addListener((ListChangeListener<Chat>) change -> {
            Chat open = model.chatProperty().get();
            if (open != null && chats.getSelectionModel().getSelectedItem() == null) {
                chats.getSelectionModel().select(open);
            }
        });
        chats.disableProperty().bind(model.askingProperty());
        VBox.setVgrow(chats, Priority.ALWAYS);
        VBox left = new VBox(8, newChat, chats);
        left.setPrefWidth(240);
        left.setMinWidth(200);

        Node talk = conversation();
        HBox.setHgrow(talk, Priority.ALWAYS);
        HBox body = new HBox(16, left, talk);
        VBox.setVgrow(body, Priority.ALWAYS);

        ComboBox<String> modelField = new ComboBox<>(model.models());
        modelField.setId("assistant-model");
        modelField.setEditable(true);
        modelField.setPrefWidth(180);
        modelField.getEditor().textProperty().bindBidirectional(model.modelProperty());
        modelField.valueProperty().addListener((obs, old, chosen) -> {
            if (chosen != null) {
                model.modelProperty().set(chosen);
            }
        });
        modelField.setTooltip(new Tooltip("The model for the next question (priced from the organization's price table)"));
        modelField.disableProperty().bind(model.askingProperty());
        Label modelLabel = new Label("Model");
        modelLabel.getStyleClass().add(Styles.TEXT_MUTED);
        modelLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox modelBox = new HBox(8, modelLabel, modelField);
        modelBox.setMinWidth(Region.USE_PREF_SIZE);
        modelBox.setAlignment(Pos.CENTER_LEFT);

        root = new VBox(14, Page.header("Assistant", "Ask about " + context.project().name() + ". The project memory "
                + "(project.md, test_memory.md) goes with every question; each answer shows its tokens and cost.",
                modelBox), body);
        model.load();
    }

    private Node conversation() {
        messages.setId("assistant-messages");
        messages.getStyleClass().add("chat-messages");
        scroller.setFitToWidth(true);
        scroller.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        VBox.setVgrow(scroller, Priority.ALWAYS);
        // keep the newest text in view while the answer streams in
        messages.heightProperty().addListener((obs, old, now) -> scroller.setVvalue(1.0));
        model.bubbles().addListener((ListChangeListener<AssistantViewModel.Bubble>) change -> render());
        render();

        Label warning = Notices.bound("assistant-warning", model.warningProperty(), Styles.WARNING);
        warning.setGraphic(Icons.of(Feather.ALERT_TRIANGLE, 14));
        Label error = Notices.bound("assistant-error", model.errorProperty(), Styles.DANGER);

        question.setId("assistant-question");
        question.setPromptText(model.canAsk() ? "Ask about this project…  (Enter sends, Shift+Enter adds a line)"
                : "Viewers read the chats; Members and Admins ask.");
        question.setWrapText(true);
        question.setPrefRowCount(3);
        question.textProperty().bindBidirectional(model.questionProperty());
        question.setDisable(!model.canAsk());
        question.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER && !event.isShiftDown()) {
                event.consume();
                model.send();
            } else if (event.getCode() == KeyCode.ESCAPE && model.askingProperty().get()) {
                event.consume();
                model.stop();
            }
        });
        HBox.setHgrow(question, Priority.ALWAYS);
        Button send = new Button("Send", Icons.of(Feather.SEND));
        send.setId("assistant-send");
        send.setMinWidth(Region.USE_PREF_SIZE);
        send.getStyleClass().add(Styles.ACCENT);
        send.disableProperty().bind(Bindings.or(model.askingProperty(),
                Bindings.createBooleanBinding(() -> model.questionProperty().get() == null
                        || model.questionProperty().get().isBlank() || !model.canAsk() || model.noKeyProperty().get(),
                        model.questionProperty(), model.noKeyProperty())));
        send.setOnAction(e -> model.send());
        send.setTooltip(new Tooltip("Send (Enter)"));
        Button stop = new Button("Stop", Icons.of(Feather.SQUARE));
        stop.setId("assistant-stop");
        stop.getStyleClass().add(Styles.DANGER);
        stop.visibleProperty().bind(model.askingProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.setOnAction(e -> model.stop());
        stop.setTooltip(new Tooltip("Stop the answer (Esc); what arrived is kept"));
        ProgressIndicator thinking = new ProgressIndicator();
        thinking.setPrefSize(18, 18);
        thinking.visibleProperty().bind(model.askingProperty());
        thinking.managedProperty().bind(thinking.visibleProperty());
        VBox buttons = new VBox(8, send, stop, thinking);
        buttons.setAlignment(Pos.TOP_CENTER);
        HBox input = new HBox(10, question, buttons);

        return new VBox(10, noKeyBanner(), scroller, warning, error, input);
    }

    /** Before a question is typed: there is no key to answer it, and where one is added. */
    private Node noKeyBanner() {
        Label text = new Label(model.noKeyMessage(), Icons.of(Feather.KEY, 14));
        text.setId("assistant-no-key");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        Hyperlink open = new Hyperlink("Open the LLM key page");
        open.setId("assistant-open-key-page");
        open.setOnAction(e -> context.shell().navigate("/p/" + context.project().slug() + "/byok"));
        HBox banner = new HBox(10, text, open);
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.getStyleClass().addAll("card", "notice-banner");
        banner.visibleProperty().bind(model.noKeyProperty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private void render() {
        messages.getChildren().clear();
        if (model.bubbles().isEmpty()) {
            Label empty = new Label(model.canAsk() ? "Ask a question to start. The assistant knows what the project "
                    + "memory says; edit it under Memory." : "No messages in this chat.");
            empty.getStyleClass().add(Styles.TEXT_MUTED);
            empty.setWrapText(true);
            messages.getChildren().add(empty);
            return;
        }
        int lastAnswer = -1;
        for (int i = 0; i < model.bubbles().size(); i++) {
            if (model.bubbles().get(i).role() == LlmMessage.Role.ASSISTANT) {
                lastAnswer = i;
            }
        }
        for (int i = 0; i < model.bubbles().size(); i++) {
            messages.getChildren().add(bubble(model.bubbles().get(i), i == lastAnswer));
        }
    }

    private Node bubble(AssistantViewModel.Bubble bubble, boolean lastAnswer) {
        boolean mine = bubble.role() == LlmMessage.Role.USER;
        Label who = new Label(mine ? "You" : "Assistant", Icons.of(mine ? Feather.USER : Feather.CPU, 13));
        who.getStyleClass().addAll(Styles.TEXT_BOLD, Styles.TEXT_SMALL);
        Label text = new Label();
        text.setWrapText(true);
        text.textProperty().bind(bubble.textProperty());
        text.setMinHeight(Region.USE_PREF_SIZE);
        Label meta = new Label();
        meta.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        meta.textProperty().bind(bubble.metaProperty());
        meta.visibleProperty().bind(bubble.metaProperty().isNotEmpty());
        meta.managedProperty().bind(meta.visibleProperty());
        if (lastAnswer) {
            text.setId("assistant-last-answer");
            meta.setId("assistant-last-meta");
        }
        VBox box = new VBox(4, who, text, meta);
        box.getStyleClass().addAll("chat-bubble", mine ? "chat-question" : "chat-answer");
        bubble.failedProperty().addListener((obs, old, failed) -> setFailed(box, failed));
        setFailed(box, bubble.failedProperty().get());
        MenuItem copy = new MenuItem("Copy text");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(bubble.textProperty().get());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        box.setOnContextMenuRequested(e -> new ContextMenu(copy).show(box, e.getScreenX(), e.getScreenY()));
        HBox row = new HBox(box);
        row.setAlignment(mine ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        box.maxWidthProperty().bind(scroller.widthProperty().multiply(0.8));
        return row;
    }

    private static void setFailed(Node box, boolean failed) {
        if (failed) {
            box.getStyleClass().add("chat-failed");
        } else {
            box.getStyleClass().remove("chat-failed");
        }
    }

    /** A chat in the list: its title and when it started. */
    private static final class ChatCell extends ListCell<Chat> {
        @Override
        protected void updateItem(Chat chat, boolean empty) {
            super.updateItem(chat, empty);
            if (empty || chat == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Label title = new Label(chat.title());
            title.setMinWidth(0);
            Label when = new Label(WHEN.format(chat.createdAt()) + chat.createdBy().map(by -> " · " + by).orElse(""));
            when.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            when.setMinWidth(0);
            VBox lines = new VBox(2, title, when);
            lines.setMinWidth(0);
            setText(null);
            setGraphic(lines);
            setPrefWidth(0); // the list's width: a long title ends in "…" instead of scrolling sideways
            setTooltip(new javafx.scene.control.Tooltip(chat.title()));
        }
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
        if (change.touches(context.project().id(), "chats")) {
            model.load();
        }
    }
}
