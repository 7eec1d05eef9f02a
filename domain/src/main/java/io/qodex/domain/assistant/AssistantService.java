package io.qodex.domain.assistant;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.LlmCall;
import io.qodex.domain.llm.LlmGateway;
import io.qodex.domain.llm.LlmListener;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.LlmRequest;
import io.qodex.domain.llm.LlmResult;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.UsageSource;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * /p/{slug}/assistant: chats with the project's model through the gateway. Every call carries the project memory
 * (project.md and test_memory.md) as context; answers stream to the listener; each stored answer has its tokens and
 * cost; the Stop button cancels the call (logged as cancelled) and keeps what had arrived.
 */
public final class AssistantService {

    private static final Logger LOG = LoggerFactory.getLogger(AssistantService.class);
    /** How much of a chat's history goes with a question. */
    static final int HISTORY_MESSAGES = 40;

    private final LlmGateway gateway;
    private final ChatRepository chats;
    private final MemoryService memory;
    private final String defaultModel;
    private final Executor storage;

    /**
     * @param storage where answers are stored once a call ends (never the FX thread: cancelling from the UI must not
     *                wait for the database)
     */
    public AssistantService(LlmGateway gateway, ChatRepository chats, MemoryService memory, String defaultModel,
                            Executor storage) {
        this.gateway = gateway;
        this.chats = chats;
        this.memory = memory;
        this.defaultModel = defaultModel;
        this.storage = storage;
    }

    public String defaultModel() {
        return defaultModel;
    }

    public List<Chat> chats(Project project) {
        return chats.list(project.id());
    }

    /** A new chat; {@code title} is trimmed to 100 characters (the first question makes a good one). */
    public Chat startChat(Project project, String title) {
        requireMember(project);
        String clean = title == null ? "" : title.strip().replaceAll("\\s+", " ");
        if (clean.isEmpty()) {
            clean = "New chat";
        }
        return chats.create(project.id(), clean.length() <= 100 ? clean : clean.substring(0, 99) + "…");
    }

    public List<ChatMessage> messages(Project project, Chat chat) {
        return chats.messages(project.id(), chat.id());
    }

    /** Stores the question, then asks it with the chat's history and the project memory. */
    public AssistantTurn send(Project project, Chat chat, String question, TurnOptions options, LlmListener listener) {
        requireMember(project);
        String text = requireQuestion(question);
        List<ChatMessage> history = chats.messages(project.id(), chat.id());
        ChatMessage stored = chats.append(project.id(), chat.id(), NewChatMessage.fromUser(text));
        String model = options.model().orElse(defaultModel);
        LlmCall call = gateway.start(new LlmRequest(project, model, context(project, history, text),
                options.maxOutputTokens(), UsageSource.ASSISTANT), listener);
        CompletableFuture<AssistantTurn.Result> result = call.result().thenApplyAsync(ending ->
                new AssistantTurn.Result(ending, storeAnswer(project, chat, model, ending)), storage);
        return new AssistantTurn() {
            @Override
            public UUID callId() {
                return call.id();
            }

            @Override
            public ChatMessage question() {
                return stored;
            }

            @Override
            public void cancel() {
                call.cancel();
            }

            @Override
            public CompletableFuture<Result> result() {
                return result;
            }
        };
    }

    /** One question without a stored chat ({@code qodex ask}): memory as context, source cli-ask. */
    public LlmCall ask(Project project, String question, TurnOptions options, LlmListener listener) {
        String text = requireQuestion(question);
        return gateway.start(new LlmRequest(project, options.model().orElse(defaultModel),
                context(project, List.of(), text), options.maxOutputTokens(), UsageSource.CLI_ASK), listener);
    }

    /** What is sent: instructions with the project memory, the recent history, the question. */
    public List<LlmMessage> context(Project project, List<ChatMessage> history, String question) {
        List<LlmMessage> messages = new ArrayList<>();
        messages.add(LlmMessage.system(systemPrompt(project, memory.read(project))));
        List<ChatMessage> recent = history.size() <= HISTORY_MESSAGES ? history
                : history.subList(history.size() - HISTORY_MESSAGES, history.size());
        for (ChatMessage message : recent) {
            if (message.role() != LlmMessage.Role.SYSTEM && !message.content().isEmpty()) {
                messages.add(new LlmMessage(message.role(), message.content()));
            }
        }
        messages.add(LlmMessage.user(question));
        return messages;
    }

    static String systemPrompt(Project project, Map<MemoryDocument, MemoryEntry> documents) {
        StringBuilder prompt = new StringBuilder()
                .append("You are the Qodex assistant of the project \"").append(project.name()).append("\" (")
                .append(project.slug().value()).append("), a QA team testing a web application and its API with ")
                .append("Playwright and HTTP scenarios. Answer precisely and briefly. The project memory below is ")
                .append("maintained by the team; rely on it and say when it does not cover a question.\n");
        for (MemoryDocument document : MemoryDocument.values()) {
            MemoryEntry entry = documents.getOrDefault(document, MemoryEntry.empty(document));
            prompt.append("\n--- ").append(document.fileName()).append(" ---\n")
                    .append(entry.content().isBlank() ? "(empty)" : entry.content().strip()).append('\n');
        }
        return prompt.toString();
    }

    private Optional<ChatMessage> storeAnswer(Project project, Chat chat, String model, LlmResult ending) {
        try {
            if (ending instanceof LlmResult.Completed done) {
                return Optional.of(chats.append(project.id(), chat.id(), answer(done.text(), done.model(),
                        done.usage().input(), done.usage().output(), done.cost())));
            }
            if (ending instanceof LlmResult.Cancelled stopped && !stopped.partialText().isEmpty()) {
                return Optional.of(chats.append(project.id(), chat.id(), answer(stopped.partialText() + "\n\n[stopped]",
                        model, stopped.usage().input(), stopped.usage().output(), stopped.cost())));
            }
        } catch (QodexException e) {
            LOG.warn("The assistant's answer in chat {} could not be stored: {}", chat.id(), e.getMessage());
        }
        return Optional.empty();
    }

    private static NewChatMessage answer(String text, String model, long input, long output, Money cost) {
        return new NewChatMessage(LlmMessage.Role.ASSISTANT, text, Optional.of(model), OptionalLong.of(input),
                OptionalLong.of(output), Optional.of(cost));
    }

    private static String requireQuestion(String question) {
        String text = question == null ? "" : question.strip();
        if (text.isEmpty()) {
            throw QodexException.invalid("question", "Ask something.");
        }
        return text;
    }

    private static void requireMember(Project project) {
        if (!project.myRole().atLeast(ProjectRole.MEMBER)) {
            throw QodexException.notAllowed("Only Members and Admins of " + project.name() + " can use its assistant.");
        }
    }
}
