package io.qodex.domain.llm;

import java.util.Locale;

/** One message of a chat-completion prompt. */
public record LlmMessage(Role role, String content) {

    public enum Role {
        SYSTEM,
        USER,
        ASSISTANT;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Role parse(String code) {
            return valueOf(code.strip().toUpperCase(Locale.ROOT));
        }
    }

    public static LlmMessage system(String content) {
        return new LlmMessage(Role.SYSTEM, content);
    }

    public static LlmMessage user(String content) {
        return new LlmMessage(Role.USER, content);
    }

    public static LlmMessage assistant(String content) {
        return new LlmMessage(Role.ASSISTANT, content);
    }
}
