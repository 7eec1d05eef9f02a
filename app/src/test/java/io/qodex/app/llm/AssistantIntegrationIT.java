package io.qodex.app.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.LlmWorld;
import io.qodex.domain.assistant.AssistantTurn;
import io.qodex.domain.assistant.Chat;
import io.qodex.domain.assistant.ChatMessage;
import io.qodex.domain.assistant.MemoryDocument;
import io.qodex.domain.assistant.MemoryEntry;
import io.qodex.domain.assistant.TurnOptions;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.LlmListener;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.LlmResult;
import io.qodex.domain.project.Project;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** /p/{slug}/assistant and /p/{slug}/memory through their services: memory as context, streaming, storage, Stop. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AssistantIntegrationIT {

    private static LlmWorld world;
    private static Workspace max;
    private static Project project;

    @BeforeAll
    static void setUp() {
        world = LlmWorld.start(Map.of("QODEX_LLM_MAX_RETRIES", "0")).withOrganization();
        max = world.signIn("max");
        project = max.projects().bySlug("own");
    }

    @AfterAll
    static void tearDown() {
        max.close();
        world.close();
    }

    @Test
    @Order(1)
    void membersEditTheMemoryConcurrentEditsConflictViewersOnlyRead() {
        MemoryEntry empty = max.llm().memory().read(project, MemoryDocument.PROJECT);
        assertThat(empty.version()).isZero();
        assertThat(empty.content()).isEmpty();
        MemoryEntry saved = max.llm().memory().save(project, MemoryDocument.PROJECT, "# Shop\nThe target is a web shop.", 0);
        assertThat(saved.version()).isEqualTo(1);
        assertThat(saved.updatedBy()).contains("max@example.com");
        max.llm().memory().save(project, MemoryDocument.TEST_MEMORY, "Login with the admin profile first.", 0);

        try (Workspace ada = world.signIn("ada")) {
            Project same = ada.projects().bySlug("own");
            ada.llm().memory().save(same, MemoryDocument.PROJECT, "# Shop\nThe target is a web shop with a REST API.", 1);
        }
        assertThatThrownBy(() -> max.llm().memory().save(project, MemoryDocument.PROJECT, "stale edit", 1))
                .isInstanceOfSatisfying(QodexException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.CONFLICT);
                    assertThat(e.getMessage()).contains("project.md was changed by ada@example.com");
                });
        assertThatThrownBy(() -> max.llm().memory().save(project, MemoryDocument.TEST_MEMORY, "twice created", 0))
                .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CONFLICT));
        try (Workspace vic = world.signIn("vic")) {
            Project viewed = vic.projects().bySlug("own");
            assertThat(vic.llm().memory().read(viewed, MemoryDocument.PROJECT).content()).contains("REST API");
            assertThatThrownBy(() -> vic.llm().memory().save(viewed, MemoryDocument.PROJECT, "x", 2))
                    .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));
            assertThatThrownBy(() -> vic.llm().assistant().startChat(viewed, "hi"))
                    .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));
        }
    }

    @Test
    @Order(2)
    void answersStreamInCarryTheMemoryAsContextAndAreStoredWithTokensAndCost() throws Exception {
        world.openAi.reply("Use the admin profile, then open /cart.").usage(900, 40, 0);
        Chat chat = max.llm().assistant().startChat(project, "  How do I   test the cart?  ");
        assertThat(chat.title()).isEqualTo("How do I test the cart?");
        StringBuilder streamed = new StringBuilder();
        AssistantTurn turn = max.llm().assistant().send(project, chat, "How do I test the cart?", TurnOptions.defaults(),
                new LlmListener() {
                    @Override
                    public void delta(String text) {
                        streamed.append(text);
                    }
                });
        assertThat(turn.question().content()).isEqualTo("How do I test the cart?");
        AssistantTurn.Result result = turn.result().get(10, TimeUnit.SECONDS);
        assertThat(result.call()).isInstanceOf(LlmResult.Completed.class);
        ChatMessage answer = result.answer().orElseThrow();
        assertThat(answer.content()).isEqualTo("Use the admin profile, then open /cart.").isEqualTo(streamed.toString());
        assertThat(answer.model()).contains("gpt-4o-mini");
        assertThat(answer.inputTokens()).hasValue(900);
        assertThat(answer.outputTokens()).hasValue(40);
        assertThat(answer.cost()).contains(((LlmResult.Completed) result.call()).cost());
        String sent = world.openAi.lastChatBody();
        assertThat(sent).contains("The target is a web shop with a REST API.", "Login with the admin profile first.",
                "project.md", "test_memory.md");

        world.openAi.reply("Then check the total.");
        AssistantTurn second = max.llm().assistant().send(project, chat, "And then?", TurnOptions.defaults(), LlmListener.NONE);
        assertThat(second.result().get(10, TimeUnit.SECONDS).answer()).isPresent();
        assertThat(world.openAi.lastChatBody()).contains("How do I test the cart?", "Use the admin profile, then open /cart.",
                "And then?");
        LlmWorld.awaitStored(max);
        assertThat(world.usageRow(second.callId())).containsEntry("source", "assistant").containsEntry("funding", "byok");
    }

    @Test
    @Order(3)
    void theStopButtonKeepsWhatArrivedAndLogsTheCallAsCancelled() throws Exception {
        world.openAi.reply("A long answer that arrives slowly, piece by piece, until someone stops it.");
        Chat chat = max.llm().assistant().chats(project).get(0);
        CountDownLatch first = new CountDownLatch(1);
        AssistantTurn turn = max.llm().assistant().send(project, chat, "[[drip:500]] Tell me everything.",
                new TurnOptions(Optional.of("gpt-4o"), 200), new LlmListener() {
                    @Override
                    public void delta(String text) {
                        first.countDown();
                    }
                });
        assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
        turn.cancel();
        AssistantTurn.Result result = turn.result().get(10, TimeUnit.SECONDS);
        assertThat(result.call()).isInstanceOf(LlmResult.Cancelled.class);
        assertThat(result.answer().orElseThrow().content()).endsWith("[stopped]").startsWith("A long");
        List<ChatMessage> messages = max.llm().assistant().messages(project, chat);
        assertThat(messages).extracting(ChatMessage::role).containsExactly(LlmMessage.Role.USER, LlmMessage.Role.ASSISTANT,
                LlmMessage.Role.USER, LlmMessage.Role.ASSISTANT, LlmMessage.Role.USER, LlmMessage.Role.ASSISTANT);
        LlmWorld.awaitStored(max);
        assertThat(world.usageRow(turn.callId())).containsEntry("outcome", "cancelled").containsEntry("model", "gpt-4o");
        assertThat(max.llm().assistant().chats(project)).extracting(Chat::title).containsExactly("How do I test the cart?");
    }
}
