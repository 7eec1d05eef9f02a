package io.qodex.app.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.FxApp;
import io.qodex.app.testing.FxFailures;
import io.qodex.app.testing.LlmWorld;
import io.qodex.domain.assistant.Chat;
import io.qodex.domain.assistant.ChatMessage;
import io.qodex.domain.assistant.MemoryDocument;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.TokenUsage;
import io.qodex.domain.project.Project;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The assistant and the memory editor in the window, against the fake OpenAI and a real PostgreSQL: memory saved in
 * the editor goes with the next question; the answer streams in piece by piece and ends with its tokens, cost and
 * funding; the chat is stored; Stop cancels a call (logged as cancelled) and keeps what arrived; a conflicting
 * memory save from another desktop is refused and the text typed here stays.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FxFailures.class)
class AssistantFlowIT {

    private static final String ANSWER = "Sign in at /signin with the qa@shop.example account, then open Orders.";
    private static LlmWorld world;
    private static FxApp app;

    @BeforeAll
    static void start() throws Exception {
        world = LlmWorld.start(Map.of()).withOrganization();
        world.openAi.reply(ANSWER).usage(1_200, 300, 0);
        app = FxApp.start(world.environment, "--open", "/p/own/memory");
        app.waitFor(60, "sign-in", () -> app.visible("signin-password"));
        app.type("signin-email", "max@example.com");
        app.type("signin-password", LlmWorld.PASSWORD);
        app.click("signin-submit");
        app.waitFor(60, "the memory page", () -> app.visible("memory-project-text")
                && app.text("memory-project-status").startsWith("Never saved"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.stop();
        world.close();
    }

    @Test
    @Order(1)
    void memorySavedInTheEditorIsStoredAndShowsItsVersion() {
        app.type("memory-project-text", "Test account: qa@shop.example");
        app.waitFor(5, "unsaved mark", () -> app.text("memory-project-status").contains("Unsaved changes"));
        app.robot().press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        app.waitFor(20, "saved", () -> app.text("memory-project-status").startsWith("Version 1, saved by max@example.com"));
        try (Workspace ada = world.signIn("ada")) {
            Project own = ada.projects().bySlug("own");
            assertThat(ada.llm().memory().read(own, MemoryDocument.PROJECT).content())
                    .isEqualTo("Test account: qa@shop.example");
        }
    }

    @Test
    @Order(2)
    void aConflictingSaveIsRefusedAndKeepsWhatWasTyped() {
        app.type("memory-project-text", "Max's second version");
        try (Workspace ada = world.signIn("ada")) {
            Project own = ada.projects().bySlug("own");
            ada.llm().memory().save(own, MemoryDocument.PROJECT, "Ada's version", 1);
        }
        // live refresh marks the conflict at once; saving anyway is refused by the database
        app.click("memory-project-save");
        app.waitFor(20, "the conflict", () -> app.visible("memory-project-conflict"));
        assertThat(app.text("memory-project-conflict")).contains("ada@example.com");
        assertThat(app.text("memory-project-text")).isEqualTo("Max's second version");
        app.click("memory-project-reload");
        app.waitFor(20, "their version", () -> "Ada's version".equals(app.text("memory-project-text"))
                && !app.visible("memory-project-conflict"));
    }

    @Test
    @Order(3)
    void leavingWithUnsavedEditsAsksSaveDiscardOrCancelAndEachDoesWhatItSays() {
        // the example over the empty test_memory.md keeps its line break (a TextArea's prompt text dropped it)
        assertThat(app.read(() -> app.node("memory-test-prompt").isVisible())).isTrue();
        assertThat(app.text("memory-test-prompt")).startsWith("# What testing has learned\nFlaky areas");
        app.type("memory-project-text", "A draft not saved yet");
        openRoute("/p/own/spend");
        app.waitFor(10, "the question", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Cancel");
        app.waitFor(10, "still on the memory page", () -> app.absent("unsaved-dialog"));
        assertThat(app.text("route-bar")).isEqualTo("/p/own/memory");
        assertThat(app.text("memory-project-text")).isEqualTo("A draft not saved yet");

        openRoute("/p/own/spend");
        app.waitFor(10, "the question again", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Discard");
        app.waitFor(10, "the spend page", () -> "/p/own/spend".equals(app.text("route-bar")));
        goTo("/p/own/memory");
        app.waitFor(20, "the stored version", () -> "Ada's version".equals(app.text("memory-project-text")));
        assertThat(app.text("memory-project-status")).doesNotContain("Unsaved changes");

        app.type("memory-project-text", "Ada's version, and a note");
        openRoute("/p/own/spend");
        app.waitFor(10, "the question a third time", () -> app.visible("unsaved-dialog"));
        clickInDialog("unsaved-dialog", "Save");
        app.waitFor(20, "the spend page after the save", () -> "/p/own/spend".equals(app.text("route-bar")));
        try (Workspace ada = world.signIn("ada")) {
            Project own = ada.projects().bySlug("own");
            assertThat(ada.llm().memory().read(own, MemoryDocument.PROJECT).content())
                    .isEqualTo("Ada's version, and a note");
        }
    }

    @Test
    @Order(4)
    void theAnswerStreamsInAndShowsItsCostAndTheChatIsStored() {
        goTo("/p/own/assistant");
        app.waitFor(20, "the assistant", () -> app.visible("assistant-question"));
        app.type("assistant-question", "How do I sign in? [[drip:400]]");
        app.robot().type(KeyCode.ENTER);
        // streaming: part of the answer is on screen before all of it
        AtomicBoolean sawPart = new AtomicBoolean();
        app.waitFor(30, "the whole answer", () -> {
            String shown = app.text("assistant-last-answer");
            if (shown != null && !shown.isEmpty() && !shown.equals(ANSWER) && ANSWER.startsWith(shown)) {
                sawPart.set(true);
            }
            return ANSWER.equals(shown) && app.text("assistant-last-meta").startsWith("gpt-4o-mini ·");
        });
        assertThat(sawPart).as("a part of the answer was shown before the rest arrived").isTrue();
        try (Workspace max = world.signIn("max")) {
            Money expected = max.llm().prices().find(LlmProvider.OPENAI, "gpt-4o-mini", LocalDate.now(ZoneOffset.UTC))
                    .orElseThrow().cost(new TokenUsage(1_200, 300, 0));
            assertThat(app.text("assistant-last-meta"))
                    .isEqualTo("gpt-4o-mini · 1,200 in / 300 out tokens · " + expected.display() + " · BYOK");
            Project own = max.projects().bySlug("own");
            List<Chat> chats = max.llm().assistant().chats(own);
            assertThat(chats).hasSize(1);
            assertThat(chats.get(0).title()).startsWith("How do I sign in?");
            List<ChatMessage> messages = max.llm().assistant().messages(own, chats.get(0));
            assertThat(messages).extracting(ChatMessage::role).containsExactly(LlmMessage.Role.USER, LlmMessage.Role.ASSISTANT);
            assertThat(messages.get(1).content()).isEqualTo(ANSWER);
            assertThat(messages.get(1).cost()).contains(expected);
            long stored = chats.get(0).id();
            // the new chat is listed once and selected, also after the list was refreshed by the change feed
            app.waitFor(10, "the open chat selected", () -> {
                javafx.scene.control.ListView<Chat> list = app.node("assistant-chats");
                Chat selected = list.getSelectionModel().getSelectedItem();
                return list.getItems().size() == 1 && selected != null && selected.id() == stored;
            });
        }
        // the memory went with the question
        assertThat(world.openAi.lastChatBody()).contains("Ada's version");
        assertThat(app.text("assistant-question")).isEmpty();
    }

    @Test
    @Order(5)
    void stopCancelsTheCallAndKeepsWhatArrived() {
        app.type("assistant-question", "Explain everything slowly [[stall]]"); // the first piece, then nothing
        app.click("assistant-send");
        app.waitFor(30, "the first piece", () -> {
            String shown = app.text("assistant-last-answer");
            return shown != null && !shown.isEmpty() && ANSWER.startsWith(shown) && !shown.equals(ANSWER);
        });
        app.click("assistant-stop");
        app.waitFor(30, "stopped", () -> app.text("assistant-last-meta").startsWith("Stopped ·"));
        assertThat(app.visible("assistant-stop")).isFalse();
        app.waitFor(30, "the cancelled row", () -> world.ownerLong(
                "select count(*) from qodex.llm_usage_log where source = 'assistant' and outcome = 'cancelled'") == 1);
        world.openAi.release(); // the rest of the stream comes after the stop and changes nothing
        world.openAi.awaitIdle(java.time.Duration.ofSeconds(30));
        assertThat(app.text("assistant-last-meta")).startsWith("Stopped ·");
        assertThat(world.ownerLong("select count(*) from qodex.llm_usage_log where source = 'assistant'")).isEqualTo(2);
    }

    @Test
    @Order(6)
    void anotherPricedModelCanBeChosenForTheNextQuestion() throws Exception {
        javafx.scene.control.ComboBox<String> models = app.node("assistant-model");
        app.waitFor(10, "the priced models", () -> models.getItems().contains("gpt-4o"));
        app.fx(() -> models.setValue("gpt-4o"));
        app.click("assistant-new-chat");
        app.type("assistant-question", "Same question, bigger model");
        app.robot().type(KeyCode.ENTER);
        app.waitFor(30, "the answer of gpt-4o", () -> app.text("assistant-last-meta").startsWith("gpt-4o ·"));
        assertThat(world.openAi.lastChatBody()).contains("\"model\":\"gpt-4o\"");
        // the second chat is listed first and stays selected, also after the change feed refreshed the list
        try (Workspace max = world.signIn("max")) {
            long newest = max.llm().assistant().chats(max.projects().bySlug("own")).get(0).id();
            app.waitFor(10, "the new chat selected", () -> {
                javafx.scene.control.ListView<Chat> list = app.node("assistant-chats");
                Chat selected = list.getSelectionModel().getSelectedItem();
                return list.getItems().size() == 2 && selected != null && selected.id() == newest;
            });
            // a later refresh of the list from the change feed (another desktop starts a chat) keeps the selection
            max.llm().assistant().startChat(max.projects().bySlug("own"), "Started on another desktop");
            app.waitFor(20, "the list refreshed by the change feed", () -> {
                javafx.scene.control.ListView<Chat> list = app.node("assistant-chats");
                return list.getItems().size() == 3;
            });
            assertThat(app.read(() -> {
                javafx.scene.control.ListView<Chat> list = app.node("assistant-chats");
                Chat selected = list.getSelectionModel().getSelectedItem();
                return selected == null ? -1L : selected.id();
            })).isEqualTo(newest);
        }
    }

    @Test
    @Order(7)
    void withNoKeyABannerLeadsToTheKeyPageAndAQuestionLeavesNoEmptyChat() {
        try (Workspace ada = world.signIn("ada")) {
            ada.llmKeys().removePlatformKey(); // "plat" has no key of its own
        }
        long chatsBefore = world.ownerLong("select count(*) from qodex.chats");
        goTo("/p/plat/assistant");
        app.waitFor(20, "the no-key banner", () -> app.visible("assistant-no-key"));
        assertThat(app.text("assistant-no-key")).isEqualTo("No LLM key for Platform yet: an Admin can add the "
                + "project's own key on the LLM key page, or an organization admin the platform key.");
        app.type("assistant-question", "Is anyone there?");
        assertThat(app.read(() -> app.node("assistant-send").isDisabled())).isTrue();
        app.robot().type(KeyCode.ENTER);
        assertThat(app.text("assistant-question")).isEqualTo("Is anyone there?"); // nothing typed is lost
        assertThat(app.read(() -> java.util.List.copyOf(app.<javafx.scene.control.ListView<Chat>>node("assistant-chats")
                .getItems()))).isEmpty();
        assertThat(world.ownerLong("select count(*) from qodex.chats")).isEqualTo(chatsBefore);
        app.click("assistant-open-key-page");
        app.waitFor(10, "the LLM key page", () -> "/p/plat/byok".equals(app.text("route-bar")));
    }

    /** Asks for a route and does not wait for it (the page may ask first). */
    private static void openRoute(String route) {
        app.robot().press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        app.waitFor(5, "the quick switcher", () -> app.visible("quick-switcher-query"));
        app.robot().write(route);
        app.robot().type(KeyCode.ENTER);
    }

    private static void clickInDialog(String dialogId, String button) {
        javafx.scene.Node pane = app.node(dialogId);
        app.robot().clickOn(app.robot().from(pane).lookup(button).queryButton());
    }

    private static void goTo(String route) {
        app.robot().press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        app.waitFor(5, "the quick switcher", () -> app.visible("quick-switcher-query"));
        app.robot().write(route);
        app.robot().type(KeyCode.ENTER);
        app.waitFor(10, "the route " + route, () -> route.equals(app.text("route-bar")));
    }
}
