package io.qodex.domain.llm;

/** The provider's verdict on a key, checked before it is saved. */
public sealed interface KeyCheck {

    /** The provider accepted the key. */
    record Valid() implements KeyCheck {
    }

    /** The provider answered and refused: its status and message, shown as is (e.g. "401 invalid_api_key: ..."). */
    record Rejected(int status, String message) implements KeyCheck {
    }

    /** The provider could not be reached (refused connection, unknown host, timeout). */
    record Unreachable(String message) implements KeyCheck {
    }
}
