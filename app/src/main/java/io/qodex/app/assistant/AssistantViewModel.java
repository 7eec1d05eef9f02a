package io.qodex.app.assistant;

import io.qodex.app.common.Background;
import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.assistant.AssistantService;
import io.qodex.domain.assistant.AssistantTurn;
import io.qodex.domain.assistant.Chat;
import io.qodex.domain.assistant.ChatMessage;
import io.qodex.domain.assistant.TurnOptions;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.Admission;
import io.qodex.domain.llm.Durations;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.LlmListener;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.LlmResult;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.TokenUsage;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The project assistant: the project's chats, the messages of the open one, and one question in flight at a time.
 * The answer streams in (pieces are gathered and handed to the FX thread at most once per pulse); Stop cancels the
 * call (logged as cancelled, the part that arrived is kept). Each answer shows its model, tokens, cost and who paid.
 */
public final class AssistantViewModel {

    /** One message on screen; an answer in flight grows as it streams. */
    public static final class Bubble {
        private final LlmMessage.Role role;
        private final StringProperty text = new SimpleStringProperty("");
        private final StringProperty meta = new SimpleStringProperty("");
        private final BooleanProperty failed = new SimpleBooleanProperty(false);
        private final BooleanProperty streaming = new SimpleBooleanProperty(false);

        Bubble(LlmMessage.Role role, String text, String meta) {
            this.role = role;
            this.text.set(text);
            this.meta.set(meta);
        }

        public LlmMessage.Role role() {
            return role;
        }

        public StringProperty textProperty() {
            return text;
        }

        public StringProperty metaProperty() {
            return meta;
        }

        public BooleanProperty failedProperty() {
            return failed;
        }

        public BooleanProperty streamingProperty() {
            return streaming;
        }
    }

    /** The field of the refusal raised when a first question finds no key (nothing was stored). */
    private static final String NO_KEY_FIELD = "llm-key";

    private final Workspace workspace;
    private final Project project;
    private final ObservableList<Chat> chats = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable Chat> chat = new SimpleObjectProperty<>();
    private final ObservableList<Bubble> bubbles = FXCollections.observableArrayList();
    private final StringProperty question = new SimpleStringProperty("");
    private final StringProperty model = new SimpleStringProperty("");
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper asking = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper noKey = new ReadOnlyBooleanWrapper(false);
    private @Nullable AssistantTurn turn;
    private boolean stopRequested;
    /** Set while the chat a first question created becomes the open one (its messages are on screen already). */
    private boolean adopting;
    private long chatGeneration;

    /** Pieces of the streaming answer not yet shown; guarded by itself. */
    private final StringBuilder pending = new StringBuilder();
    private boolean flushScheduled;

    public AssistantViewModel(Workspace workspace, Project project) {
        this.workspace = workspace;
        this.project = project;
        chat.addListener((obs, old, now) -> {
            // while a question is in flight its conversation stays on screen (the chat it creates is adopted)
            if (!adopting && !asking.get() && (now == null || old == null || now.id() != old.id())) {
                loadMessages(now);
            }
        });
    }

    private AssistantService assistant() {
        return workspace.llm().assistant();
    }

    public Project project() {
        return project;
    }

    /** Viewers read the chats but cannot ask. */
    public boolean canAsk() {
        return project.myRole().atLeast(ProjectRole.MEMBER);
    }

    public ObservableList<Chat> chats() {
        return chats;
    }

    public ObjectProperty<@Nullable Chat> chatProperty() {
        return chat;
    }

    public ObservableList<Bubble> bubbles() {
        return bubbles;
    }

    public StringProperty questionProperty() {
        return question;
    }

    public StringProperty modelProperty() {
        return model;
    }

    /** The models the organization has prices for (a call to another one is refused for want of a price). */
    public ObservableList<String> models() {
        return models;
    }

    public ReadOnlyBooleanProperty askingProperty() {
        return asking.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True when no LLM key would serve this project (neither its own nor the platform key): questions wait. */
    public ReadOnlyBooleanProperty noKeyProperty() {
        return noKey.getReadOnlyProperty();
    }

    /** What the banner says when there is no key, and who can add one. */
    public String noKeyMessage() {
        return "No LLM key for " + project.name() + " yet: "
                + (project.myRole() == ProjectRole.ADMIN ? "add the project's own key on the LLM key page"
                        : "an Admin can add the project's own key on the LLM key page")
                + ", or an organization admin the platform key.";
    }

    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    /** Loads the chats (and the default model); opens the newest chat unless one is open. */
    public void load() {
        loading.set(true);
        Tasks.run(() -> new Loaded(assistant().chats(project), assistant().defaultModel(),
                        workspace.llm().prices().current().stream().map(price -> price.model()).distinct().sorted().toList(),
                        workspace.llm().keys().available(project)))
                .onSuccess(loaded -> {
                    noKey.set(!loaded.keyAvailable());
                    if (model.get().isBlank()) {
                        model.set(loaded.defaultModel());
                    }
                    models.setAll(loaded.models());
                    Chat open = chat.get();
                    chats.setAll(loaded.chats());
                    if (open == null && !asking.get() && !loaded.chats().isEmpty()) {
                        chat.set(loaded.chats().get(0));
                    } else if (open != null) {
                        loaded.chats().stream().filter(c -> c.id() == open.id()).findFirst().ifPresent(chat::set);
                    }
                })
                .onError(problem -> error.set(problem.getMessage()))
                .onFinally(() -> loading.set(false))
                .start();
    }

    private record Loaded(List<Chat> chats, String defaultModel, List<String> models, boolean keyAvailable) {
    }

    /** Starts an empty chat: the next question opens a new conversation. */
    public void newChat() {
        if (asking.get()) {
            return;
        }
        chat.set(null);
        bubbles.clear();
        error.set("");
        warning.set("");
    }

    private void loadMessages(@Nullable Chat shown) {
        long mine = ++chatGeneration;
        bubbles.clear();
        error.set("");
        if (shown == null) {
            return;
        }
        Tasks.run(() -> assistant().messages(project, shown))
                .onSuccess(messages -> {
                    if (mine == chatGeneration && !asking.get()) {
                        bubbles.setAll(messages.stream().map(AssistantViewModel::bubble).toList());
                    }
                })
                .onError(problem -> error.set(problem.getMessage()))
                .start();
    }

    static Bubble bubble(ChatMessage message) {
        String meta = message.role() == LlmMessage.Role.ASSISTANT ? cost(message.model().orElse("?"),
                message.inputTokens().orElse(0), message.outputTokens().orElse(0),
                message.cost().orElse(Money.ZERO), Optional.empty()) : "";
        return new Bubble(message.role(), message.content(), meta);
    }

    /** "gpt-4o-mini · 1,234 in / 56 out tokens · $0.0012 · BYOK". */
    static String cost(String model, long input, long output, Money cost, Optional<Funding> funding) {
        return String.format("%s · %,d in / %,d out tokens · %s", model, input, output, cost.display())
                + funding.map(f -> " · " + fundingLabel(f)).orElse("");
    }

    static String fundingLabel(Funding funding) {
        return switch (funding) {
            case PLATFORM -> "platform-funded";
            case BYOK -> "BYOK";
            case CODEX_POOL -> "Codex pool";
        };
    }

    /** Sends the question (Enter): creates the chat first when none is open. */
    public void send() {
        String text = question.get() == null ? "" : question.get().strip();
        if (text.isEmpty() || asking.get() || !canAsk() || noKey.get()) {
            return;
        }
        String chosenModel = model.get() == null || model.get().isBlank() ? "" : model.get().strip();
        error.set("");
        warning.set("");
        asking.set(true);
        stopRequested = false;
        Bubble asked = new Bubble(LlmMessage.Role.USER, text, "");
        Bubble answer = new Bubble(LlmMessage.Role.ASSISTANT, "", "Waiting for the model…");
        answer.streamingProperty().set(true);
        bubbles.addAll(asked, answer);
        question.set("");
        Chat open = chat.get();
        ++chatGeneration; // a late load of the previous chat must not replace this conversation
        TurnOptions options = new TurnOptions(chosenModel.isEmpty() ? Optional.empty() : Optional.of(chosenModel),
                TurnOptions.DEFAULT_MAX_OUTPUT_TOKENS);
        Tasks.run(() -> {
            if (open == null && !workspace.llm().keys().available(project)) {
                throw new QodexException(Problem.NOT_FOUND, NO_KEY_FIELD, noKeyMessage(), null); // no empty chat left
            }
            Chat target = open != null ? open : assistant().startChat(project, text);
            AssistantTurn started = assistant().send(project, target, text, options, listener(answer));
            return new Started(target, started);
        }).onSuccess(started -> {
            if (open == null) {
                chats.removeIf(c -> c.id() == started.chat().id()); // a refresh may have listed it already
                chats.add(0, started.chat());
                adopting = true;
                try {
                    chat.set(started.chat());
                } finally {
                    adopting = false;
                }
            }
            turn = started.turn();
            if (stopRequested) {
                stop();
            }
            started.turn().result().whenComplete((result, failure) -> Platform.runLater(() -> {
                flush(answer);
                finish(answer, result == null ? null : result.call(),
                        options.model().orElse(assistant().defaultModel()));
            }));
        }).onError(problem -> {
            bubbles.remove(answer);
            question.set(text); // nothing typed is lost
            bubbles.remove(asked);
            if (problem.field().equals(Optional.of(NO_KEY_FIELD))) {
                noKey.set(true);
            } else {
                error.set(problem.getMessage());
            }
            asking.set(false);
        }).start();
    }

    private record Started(Chat chat, AssistantTurn turn) {
    }

    private LlmListener listener(Bubble answer) {
        return new LlmListener() {
            @Override
            public void admitted(Funding funding, Optional<Admission.CapWarning> capWarning) {
                Platform.runLater(() -> {
                    answer.metaProperty().set("Answering · " + fundingLabel(funding));
                    capWarning.ifPresent(w -> warning.set(w.message() + " Platform-funded calls are refused at the cap."));
                });
            }

            @Override
            public void delta(String text) {
                boolean schedule;
                synchronized (pending) {
                    pending.append(text);
                    schedule = !flushScheduled;
                    flushScheduled = true;
                }
                if (schedule) {
                    Platform.runLater(() -> flush(answer));
                }
            }
        };
    }

    private void flush(Bubble answer) {
        String arrived;
        synchronized (pending) {
            arrived = pending.toString();
            pending.setLength(0);
            flushScheduled = false;
        }
        if (!arrived.isEmpty()) {
            answer.textProperty().set(answer.textProperty().get() + arrived);
        }
    }

    private void finish(Bubble answer, @Nullable LlmResult result, String askedModel) {
        turn = null;
        asking.set(false);
        answer.streamingProperty().set(false);
        if (result instanceof LlmResult.Completed done) {
            answer.textProperty().set(done.text());
            answer.metaProperty().set(cost(done.model(), done.usage().input(), done.usage().output(), done.cost(),
                    Optional.of(done.funding())));
            done.warning().ifPresent(w -> warning.set(w.message() + " Platform-funded calls are refused at the cap."));
        } else if (result instanceof LlmResult.Cancelled stopped) {
            TokenUsage usage = stopped.usage();
            answer.metaProperty().set("Stopped · " + cost(askedModel, usage.input(), usage.output(), stopped.cost(),
                    Optional.of(stopped.funding())));
            if (answer.textProperty().get().isEmpty()) {
                answer.textProperty().set("(stopped before the answer began)");
            }
        } else if (result instanceof LlmResult.Refused refused) {
            answer.failedProperty().set(true);
            answer.textProperty().set(refused.message() + refused.retryAfter()
                    .filter(d -> !refused.message().contains("returns in"))
                    .map(d -> " Try again in " + Durations.human(d) + ".").orElse(""));
            answer.metaProperty().set("Not sent · " + refused.outcome().code());
        } else if (result instanceof LlmResult.Failed failed) {
            answer.failedProperty().set(true);
            answer.textProperty().set(failed.message());
            answer.metaProperty().set("Failed · " + failed.outcome().code() + " · " + fundingLabel(failed.funding()));
        } else {
            answer.failedProperty().set(true);
            answer.metaProperty().set("The call ended without a result.");
        }
    }

    /** The Stop button (Esc): cancels the call in flight; cancelling may touch the network, so not on this thread. */
    public void stop() {
        AssistantTurn running = turn;
        if (running == null) {
            stopRequested = asking.get();
            return;
        }
        Background.work().execute(running::cancel);
    }
}
