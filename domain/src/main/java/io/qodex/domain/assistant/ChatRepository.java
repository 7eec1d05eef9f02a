package io.qodex.domain.assistant;

import java.util.List;

/** {@code chats} and {@code chat_messages} through row-level security (port). */
public interface ChatRepository {

    /** The project's chats, newest first. */
    List<Chat> list(long projectId);

    Chat create(long projectId, String title);

    /** The messages of a chat, oldest first. */
    List<ChatMessage> messages(long projectId, long chatId);

    ChatMessage append(long projectId, long chatId, NewChatMessage message);
}
